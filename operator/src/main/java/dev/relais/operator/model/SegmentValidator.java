package dev.relais.operator.model;

import dev.relais.operator.api.SegmentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a Segment's spec; the filter's own syntax is the contacts service's to judge (it parses it
 * when estimating the size).
 */
public final class SegmentValidator {

  /** Longest filter accepted, as in the CRD schema. */
  public static final int MAX_FILTER_LENGTH = 2000;

  private SegmentValidator() {}

  /** Readable problems; empty when the segment may be used by campaigns. */
  public static List<String> problems(SegmentSpec spec) {
    if (spec == null) {
      return List.of("spec is missing");
    }
    List<String> problems = new ArrayList<>();
    if (spec.purpose != null
        && !spec.purpose.equals("sms-marketing")
        && !spec.purpose.equals("transactional")) {
      problems.add("purpose must be sms-marketing or transactional");
    }
    if (spec.filter != null && spec.filter.length() > MAX_FILTER_LENGTH) {
      problems.add("filter has more than " + MAX_FILTER_LENGTH + " characters");
    }
    if (spec.tags != null && spec.tags.stream().anyMatch(t -> t == null || t.isBlank())) {
      problems.add("tags must not be blank");
    }
    return List.copyOf(problems);
  }
}
