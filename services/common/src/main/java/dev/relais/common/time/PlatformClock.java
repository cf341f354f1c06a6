package dev.relais.common.time;

import dev.relais.common.config.ServiceConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * The clock every service of one platform reads "now" from.
 *
 * <p>It is the system clock unless {@code clock.offset} (ISO-8601 duration or milliseconds) is set:
 * the local demo shifts all services by the same offset to run a marketing campaign inside its
 * legal sending window whatever the real hour, and says so. Never set in production.
 */
public final class PlatformClock {

  private PlatformClock() {}

  public static Clock from(ServiceConfig config) {
    Duration offset = config.duration("clock.offset", Duration.ZERO);
    return offset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), offset);
  }
}
