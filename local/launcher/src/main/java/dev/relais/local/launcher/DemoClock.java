package dev.relais.local.launcher;

import dev.relais.scheduler.compliance.CompliancePolicy;
import dev.relais.scheduler.compliance.PolicyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Chooses the platform clock of the local demo. A marketing campaign may only be sent inside its
 * policy's window; rather than skip the rule, the demo shifts every service's clock into the next
 * window (and says so), so the rule is applied for real whatever the hour.
 */
public final class DemoClock {

  /** How long the demo needs inside the window. */
  private static final Duration DEMO_LENGTH = Duration.ofMinutes(20);

  private DemoClock() {}

  /** Offset to apply to the platform clock: zero when the window is open for the demo's length. */
  public static Duration offsetFor(String policyName, boolean marketing, Instant now, ZoneId zone) {
    CompliancePolicy policy = PolicyRegistry.standard().resolve(policyName, marketing);
    Instant end = now.plus(DEMO_LENGTH);
    if (policy.firstAllowed(now, zone).equals(now) && policy.firstAllowed(end, zone).equals(end)) {
      return Duration.ZERO;
    }
    Instant windowOpens = policy.firstAllowed(end, zone);
    // A few minutes into the window, so the whole demo runs inside it.
    return Duration.between(now, windowOpens.plus(Duration.ofMinutes(5)))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }
}
