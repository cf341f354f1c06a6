package dev.relais.operator.model;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scheduler's refusal of a campaign in the names of the manifests its author wrote.
 *
 * <p>The scheduler names the fields of its gRPC request and starts a refusal with the field it is
 * about ({@code ab_test.metric clicks needs...}, {@code landing_url ...}, {@code variant b:
 * template: ...}). Someone who wrote the Campaign in YAML reads {@code spec.abTest.metric}, {@code
 * spec.landingUrl}, {@code spec.variants[1].template}: this is the one translation back from the
 * request that {@link CampaignRequestBuilder} fills, used by the operator's status and by {@code
 * relais lint}. Request fields named later in the sentence are renamed too.
 *
 * @param campaignField the Campaign's field concerned ({@code spec.abTest.metric}), or its
 *     reference to the resource holding it ({@code spec.senderIdRef}); {@code spec} when the
 *     refusal names no field
 * @param problem what to say at {@code campaignField}: what is wrong and how to fix it
 * @param message the whole refusal, as the Campaign's status shows it
 */
public record SchedulerRefusal(String campaignField, String problem, String message) {

  /** Request fields and the Campaign fields {@link CampaignRequestBuilder} fills them from. */
  static final Map<String, String> CAMPAIGN_FIELDS =
      Map.ofEntries(
          Map.entry("type", "spec.type"),
          Map.entry("template", "spec.template"),
          Map.entry("landing_url", "spec.landingUrl"),
          Map.entry("variants", "spec.variants"),
          Map.entry("policy", "spec.policy"),
          Map.entry("default_region", "spec.defaultRegion"),
          Map.entry("max_parts", "spec.maxParts"),
          Map.entry("transliterate", "spec.transliterate"),
          Map.entry("suspended", "spec.suspend"),
          Map.entry("frequency_cap", "spec.frequencyCap"),
          Map.entry("frequency_cap.max_messages", "spec.frequencyCap.maxMessages"),
          Map.entry("frequency_cap.period_days", "spec.frequencyCap.periodDays"),
          Map.entry("start_at", "spec.schedule.start"),
          Map.entry("deadline", "spec.schedule.deadline"),
          Map.entry("max_rate", "spec.schedule.maxRate"),
          Map.entry("time_zone", "spec.schedule.timeZone"),
          Map.entry("ab_test", "spec.abTest"),
          Map.entry("ab_test.sample_percent", "spec.abTest.samplePercent"),
          Map.entry("ab_test.min_per_variant", "spec.abTest.minPerVariant"),
          // The decision time is the start plus decideAfter (see AbTestTiming).
          Map.entry("ab_test.decide_at", "spec.abTest.decideAfter"),
          Map.entry("ab_test.metric", "spec.abTest.metric"),
          Map.entry("ab_test.method", "spec.abTest.method"),
          Map.entry("ab_test.confidence", "spec.abTest.confidence"),
          Map.entry("ab_test.fallback", "spec.abTest.fallback"));

  /** Request fields filled from the campaign's SenderId. */
  static final Map<String, String> SENDER_FIELDS =
      Map.of(
          "sender.value", "spec.value",
          "sender.stop_mention", "spec.stopMention",
          "allowed_countries", "spec.countries");

  /** Request fields filled from the audience: the Campaign's own, or its Segment's. */
  private static final Map<String, String> AUDIENCE_FIELDS =
      Map.of(
          "audience_list", "list",
          "audience_tags", "tags",
          "audience_filter", "filter");

  /** Every request field, longest first so that ab_test.metric wins over ab_test. */
  private static final List<String> REQUEST_FIELDS =
      Stream.of(CAMPAIGN_FIELDS, SENDER_FIELDS, AUDIENCE_FIELDS)
          .flatMap(fields -> fields.keySet().stream())
          .sorted(Comparator.comparingInt(String::length).reversed())
          .toList();

  /**
   * Request fields renamed inside a sentence: only those that cannot be an ordinary word (template,
   * deadline and policy are renamed where a refusal starts with them, not elsewhere).
   */
  private static final Pattern NAMED_FIELD =
      Pattern.compile(
          "(?<![\\w.])("
              + REQUEST_FIELDS.stream()
                  .filter(f -> f.contains("_") || f.contains("."))
                  .map(Pattern::quote)
                  .collect(Collectors.joining("|"))
              + ")(?!\\w)");

  /** The refusal of one variant: "variant b: template: ..." or "variant b: ...". */
  private static final Pattern VARIANT =
      Pattern.compile("variant ([a-z0-9-]+): (template: )?(.*)", Pattern.DOTALL);

  /** {@code refusal}, of the request built from {@code campaign}, in its names. */
  public static SchedulerRefusal of(String refusal, Campaign campaign) {
    CampaignSpec spec = campaign.getSpec() == null ? new CampaignSpec() : campaign.getSpec();
    Matcher variant = VARIANT.matcher(refusal);
    if (variant.matches()) {
      String path = "spec.variants";
      List<CampaignSpec.Variant> variants = spec.variants == null ? List.of() : spec.variants;
      for (int i = 0; i < variants.size(); i++) {
        if (variant.group(1).equals(variants.get(i).name)) {
          path = "spec.variants[" + i + "]" + (variant.group(2) == null ? "" : ".template");
        }
      }
      String problem = renamed(variant.group(3), spec);
      return new SchedulerRefusal(path, problem, path + ": " + problem);
    }
    for (String requestField : REQUEST_FIELDS) {
      // The field, then ": " or a verb ("landing_url is not...", "max_rate must be...").
      for (String separator : List.of(": ", " ")) {
        if (refusal.startsWith(requestField + separator)) {
          Place place = place(requestField, spec);
          String problem = renamed(refusal.substring((requestField + separator).length()), spec);
          String message = place.named() + separator + problem;
          return place.resource().isEmpty()
              ? new SchedulerRefusal(place.field(), problem, message)
              : new SchedulerRefusal(place.reference(), message, message);
        }
      }
    }
    String message = renamed(refusal, spec);
    return new SchedulerRefusal("spec", message, message);
  }

  /** Where a request field comes from. */
  private record Place(String resource, String field) {

    String named() {
      return resource.isEmpty() ? field : resource + " " + field;
    }

    /** The Campaign's field that names the resource holding the field. */
    String reference() {
      return resource.startsWith("SenderId ") ? "spec.senderIdRef" : "spec.audience.segmentRef";
    }
  }

  private static Place place(String requestField, CampaignSpec spec) {
    if (CAMPAIGN_FIELDS.containsKey(requestField)) {
      return new Place("", CAMPAIGN_FIELDS.get(requestField));
    }
    if (SENDER_FIELDS.containsKey(requestField)) {
      return new Place("SenderId " + spec.senderIdRef, SENDER_FIELDS.get(requestField));
    }
    String audienceField = AUDIENCE_FIELDS.get(requestField);
    if (spec.audience != null && spec.audience.segmentRef != null) {
      return new Place("Segment " + spec.audience.segmentRef, "spec." + audienceField);
    }
    return new Place("", "spec.audience." + audienceField);
  }

  /** {@code text} with the request fields it names renamed. */
  private static String renamed(String text, CampaignSpec spec) {
    return NAMED_FIELD
        .matcher(text)
        .replaceAll(named -> Matcher.quoteReplacement(place(named.group(1), spec).named()));
  }
}
