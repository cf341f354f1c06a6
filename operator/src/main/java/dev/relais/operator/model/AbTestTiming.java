package dev.relais.operator.model;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a campaign's A/B test decides: {@code abTest.decideAfter} after {@code schedule.start}, or
 * after the resource's creation when it has no start (a resource not stored yet, as {@code relais
 * lint} reads it, counts from now). The decision must fall before the deadline, which is {@code
 * schedule.deadline} or 24 hours after that same start, as the scheduler takes it.
 */
public final class AbTestTiming {

  /** The scheduler's sending period when a campaign names no deadline. */
  static final Duration DEFAULT_SENDING_PERIOD = Duration.ofHours(24);

  private AbTestTiming() {}

  /**
   * The decision time, empty without an A/B test or when start or decideAfter do not parse (the
   * validator reports those).
   */
  public static Optional<Instant> decideAt(Campaign campaign, Instant now) {
    CampaignSpec spec = campaign.getSpec();
    if (spec == null || spec.abTest == null) {
      return Optional.empty();
    }
    Optional<Duration> after = decideAfter(spec.abTest);
    Optional<Instant> start = start(campaign, now);
    if (after.isEmpty() || start.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(start.get().plus(after.get()));
  }

  /** The deadline the scheduler applies; empty when a time does not parse. */
  public static Optional<Instant> deadline(Campaign campaign, Instant now) {
    CampaignSpec.Schedule schedule = campaign.getSpec().schedule;
    if (schedule != null && schedule.deadline != null) {
      return parse(schedule.deadline);
    }
    return start(campaign, now).map(s -> s.plus(DEFAULT_SENDING_PERIOD));
  }

  /** Why the A/B test's timing is refused; empty when it is fine or there is no A/B test. */
  static Optional<String> problem(Campaign campaign, Instant now) {
    CampaignSpec.AbTest test = campaign.getSpec().abTest;
    if (test == null) {
      return Optional.empty();
    }
    if (test.decideAfter == null) {
      return Optional.of("abTest.decideAfter is missing");
    }
    Optional<Duration> after = decideAfter(test);
    if (after.isEmpty()) {
      return Optional.of(
          "abTest.decideAfter " + test.decideAfter + " is not an ISO-8601 duration, e.g. PT4H");
    }
    if (after.get().isNegative() || after.get().isZero()) {
      return Optional.of("abTest.decideAfter must be longer than zero");
    }
    Optional<Instant> decideAt = decideAt(campaign, now);
    Optional<Instant> deadline = deadline(campaign, now);
    if (decideAt.isPresent() && deadline.isPresent() && !decideAt.get().isBefore(deadline.get())) {
      return Optional.of(
          "abTest.decideAfter "
              + test.decideAfter
              + " decides at "
              + decideAt.get()
              + ", not before the deadline "
              + deadline.get()
              + ": the winner could not be sent");
    }
    return Optional.empty();
  }

  private static Optional<Duration> decideAfter(CampaignSpec.AbTest test) {
    if (test.decideAfter == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.parse(test.decideAfter));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> start(Campaign campaign, Instant now) {
    CampaignSpec.Schedule schedule = campaign.getSpec().schedule;
    if (schedule != null && schedule.start != null) {
      return parse(schedule.start);
    }
    String created =
        campaign.getMetadata() == null ? null : campaign.getMetadata().getCreationTimestamp();
    return created == null ? Optional.of(now) : parse(created);
  }

  private static Optional<Instant> parse(String time) {
    try {
      return Optional.of(OffsetDateTime.parse(time).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
