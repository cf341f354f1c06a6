package dev.relais.operator.model;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a Campaign and what it refers to before it reaches the scheduler, so that an invalid
 * campaign sends nothing; the CRD schema catches most of it, not cross-object references.
 */
public final class CampaignValidator {

  private CampaignValidator() {}

  /** Readable problems; empty when the campaign can be handed to the scheduler. */
  public static List<String> problems(
      Campaign campaign, Optional<SenderId> sender, Optional<Segment> segment) {
    return problems(campaign, sender, segment, Instant.now());
  }

  /**
   * Readable problems; {@code now} stands for the creation of a resource not stored yet (an A/B
   * test without start decides after the creation, see {@link AbTestTiming}).
   */
  public static List<String> problems(
      Campaign campaign, Optional<SenderId> sender, Optional<Segment> segment, Instant now) {
    List<String> problems = new ArrayList<>();
    CampaignSpec spec = campaign.getSpec();
    if (spec == null) {
      return List.of("spec is missing");
    }
    if (!"marketing".equals(spec.type) && !"transactional".equals(spec.type)) {
      problems.add("type must be marketing or transactional");
    }
    if (spec.template == null || spec.template.isBlank()) {
      problems.add("template is missing");
    }
    if (spec.senderIdRef == null || spec.senderIdRef.isBlank()) {
      problems.add("senderIdRef is missing");
    } else if (sender.isEmpty()) {
      problems.add("SenderId " + spec.senderIdRef + " does not exist in this namespace");
    } else {
      List<String> senderProblems = SenderIdValidator.problems(sender.get().getSpec());
      if (!senderProblems.isEmpty()) {
        problems.add(
            "SenderId " + spec.senderIdRef + " is invalid: " + String.join("; ", senderProblems));
      } else if ("marketing".equals(spec.type)
          && (sender.get().getSpec().stopMention == null
              || sender.get().getSpec().stopMention.isBlank())) {
        problems.add(
            "SenderId "
                + spec.senderIdRef
                + " has no stopMention, which every marketing SMS must carry");
      }
    }
    audience(spec, segment, problems);
    variants(spec, problems);
    schedule(spec.schedule, problems);
    abTest(campaign, problems, now);
    problems.addAll(CampaignAttributionBuilder.problems(spec.attribution));
    return List.copyOf(problems);
  }

  private static void audience(
      CampaignSpec spec, Optional<Segment> segment, List<String> problems) {
    CampaignSpec.Audience audience = spec.audience;
    boolean hasSegment = audience != null && audience.segmentRef != null;
    boolean hasList = audience != null && audience.list != null;
    if (hasSegment == hasList) {
      problems.add("audience needs either segmentRef or list, not both");
    } else if (hasSegment && segment.isEmpty()) {
      problems.add("Segment " + audience.segmentRef + " does not exist in this namespace");
    } else if (hasSegment
        && "marketing".equals(spec.type)
        && "transactional".equals(segment.get().getSpec().purpose)) {
      problems.add(
          "Segment "
              + audience.segmentRef
              + " requires transactional consent only; a marketing campaign needs sms-marketing");
    }
  }

  private static void variants(CampaignSpec spec, List<String> problems) {
    Set<String> names = new HashSet<>();
    for (CampaignSpec.Variant variant :
        spec.variants == null ? List.<CampaignSpec.Variant>of() : spec.variants) {
      if (variant.name == null || !names.add(variant.name)) {
        problems.add("variant names must be present and unique");
      }
      if (variant.template == null || variant.template.isBlank()) {
        problems.add("variant " + variant.name + " has no template");
      }
      if (variant.weight != null && variant.weight < 1) {
        problems.add("variant " + variant.name + " needs a weight of at least 1");
      }
    }
  }

  /** The CRD's rules on abTest (the schema may not have run) and its timing. */
  private static void abTest(Campaign campaign, List<String> problems, Instant now) {
    CampaignSpec spec = campaign.getSpec();
    CampaignSpec.AbTest test = spec.abTest;
    if (test == null) {
      return;
    }
    List<CampaignSpec.Variant> variants =
        spec.variants == null ? List.<CampaignSpec.Variant>of() : spec.variants;
    if (variants.size() < 2) {
      problems.add("abTest needs at least two variants");
    }
    if (test.fallback != null && variants.stream().noneMatch(v -> test.fallback.equals(v.name))) {
      problems.add("abTest.fallback " + test.fallback + " must name one of the variants");
    }
    if (test.samplePercent == null || test.samplePercent < 1 || test.samplePercent > 50) {
      problems.add("abTest.samplePercent must be between 1 and 50");
    }
    if (test.minPerVariant != null && test.minPerVariant < 1) {
      problems.add("abTest.minPerVariant must be at least 1");
    }
    if (test.metric != null && !METRICS.contains(test.metric)) {
      problems.add("abTest.metric must be clicks, conversions or delivery");
    }
    if (test.method != null && !METHODS.contains(test.method)) {
      problems.add("abTest.method must be zTest or bayesian");
    }
    if (test.confidence != null && !(test.confidence >= 0.5 && test.confidence <= 0.999)) {
      problems.add("abTest.confidence must be between 0.5 and 0.999");
    }
    AbTestTiming.problem(campaign, now).ifPresent(problems::add);
  }

  private static final Set<String> METRICS = Set.of("clicks", "conversions", "delivery");
  private static final Set<String> METHODS = Set.of("zTest", "bayesian");

  private static void schedule(CampaignSpec.Schedule schedule, List<String> problems) {
    if (schedule == null) {
      return;
    }
    OffsetDateTime start = time("schedule.start", schedule.start, problems);
    OffsetDateTime deadline = time("schedule.deadline", schedule.deadline, problems);
    if (start != null && deadline != null && !deadline.isAfter(start)) {
      problems.add("schedule.deadline must be after schedule.start");
    }
    if (schedule.timeZone != null) {
      try {
        ZoneId.of(schedule.timeZone);
      } catch (RuntimeException e) {
        problems.add("schedule.timeZone " + schedule.timeZone + " is not an IANA time zone");
      }
    }
  }

  private static OffsetDateTime time(String field, String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(
          field + " must be an RFC 3339 time with an offset, e.g. 2027-03-20T09:00:00+01:00");
      return null;
    }
  }
}
