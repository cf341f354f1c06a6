package dev.relais.operator.model;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
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
