package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import dev.relais.scheduler.compliance.CompliancePolicy;
import dev.relais.scheduler.compliance.PolicyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * Chooses the platform clock of the local platform. A marketing campaign may only be sent inside
 * its policy's window; rather than skip the rule, the local platform shifts every service's clock
 * into the next window (and says so), so the rule is applied for real whatever the hour.
 */
public final class DemoClock {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy HH:mm z", Locale.ENGLISH);

  /** How long the demo needs inside the window. */
  private static final Duration DEMO_LENGTH = Duration.ofMinutes(20);

  private DemoClock() {}

  /**
   * The platform clock and the sentence that explains it.
   *
   * @param offset shift of every service's clock; zero for real time
   */
  public record Choice(Duration offset, String note) {}

  /** The clock for a campaign's policy and time zone: shifted when its window is closed now. */
  public static Choice forCampaign(Campaign campaign, Instant now) {
    ZoneId zone = zoneOf(campaign);
    String policy = policyOf(campaign);
    Duration offset = offsetFor(policy, marketing(campaign), now, zone);
    return new Choice(offset, note(policy, now, offset, zone));
  }

  /** Real time, and whether the campaign's policy window is open now. */
  public static Choice realTime(Campaign campaign, Instant now) {
    ZoneId zone = zoneOf(campaign);
    String policy = policyOf(campaign);
    boolean open = offsetFor(policy, marketing(campaign), now, zone).isZero();
    return new Choice(
        Duration.ZERO,
        "real time ("
            + FORMAT.format(now.atZone(zone))
            + (open
                ? ", inside the " + policy + " window)"
                : "; the " + policy + " window is closed: its messages wait for it to open)"));
  }

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
        .truncatedTo(ChronoUnit.SECONDS);
  }

  static String note(String policy, Instant now, Duration offset, ZoneId zone) {
    if (offset.isZero()) {
      return "real time ("
          + FORMAT.format(now.atZone(zone))
          + ", inside the "
          + policy
          + " window)";
    }
    return "the "
        + policy
        + " window is closed now ("
        + FORMAT.format(now.atZone(zone))
        + "), so every service runs on a clock shifted to "
        + FORMAT.format(now.plus(offset).atZone(zone))
        + ", when it is open";
  }

  private static ZoneId zoneOf(Campaign campaign) {
    return ZoneId.of(
        campaign.getSpec().schedule == null
            ? "Europe/Paris"
            : Objects.requireNonNullElse(campaign.getSpec().schedule.timeZone, "Europe/Paris"));
  }

  private static boolean marketing(Campaign campaign) {
    return "marketing".equals(campaign.getSpec().type);
  }

  private static String policyOf(Campaign campaign) {
    return Objects.requireNonNullElse(
        campaign.getSpec().policy, marketing(campaign) ? "fr-marketing" : "transactional");
  }
}
