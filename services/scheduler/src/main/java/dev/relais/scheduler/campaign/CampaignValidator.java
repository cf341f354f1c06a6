package dev.relais.scheduler.campaign;

import static dev.relais.common.time.ProtoTime.instant;

import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.scheduler.audience.CountryAllowList;
import dev.relais.scheduler.audience.FrequencyCap;
import dev.relais.scheduler.campaign.abtest.AbTestPlan;
import dev.relais.scheduler.compliance.CompliancePolicy;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.compliance.RecipientTimeZones;
import dev.relais.scheduler.template.LinkShape;
import dev.relais.scheduler.template.TemplateRenderer;
import dev.relais.sms.address.SenderIdRules;
import dev.relais.sms.address.SenderKind;
import dev.relais.sms.link.LinkTargets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks a campaign as a caller declared it and compiles it. Every refusal says which field is
 * wrong and how to fix it, because it ends up in the Campaign resource's status for a human to
 * read.
 *
 * <p>A refusal names the fields of this gRPC request ({@code ab_test.metric}, {@code landing_url},
 * {@code variant b: template: ...}) and starts with the field it is about: the operator and {@code
 * relais lint} rename them into the Campaign manifest's fields for the people who wrote it.
 */
public final class CampaignValidator {

  /** Deadline of a campaign that does not set one. */
  public static final Duration DEFAULT_SENDING_PERIOD = Duration.ofHours(24);

  /** Region of a campaign that names none. */
  public static final String DEFAULT_REGION = "FR";

  /** Zone for recipients and campaigns without a recognisable region. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

  private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");

  /** Most A/B variants a campaign may declare. */
  public static final int MAX_VARIANTS = 10;

  /** Highest weight of one variant. */
  public static final int MAX_VARIANT_WEIGHT = 100;

  private static final Pattern VARIANT_NAME = Pattern.compile("[a-z0-9-]{1,20}");

  private final PolicyRegistry policies;
  private final Supplier<Optional<LinkShape>> links;

  /** A validator without a links service: templates with a link placeholder are refused. */
  public CampaignValidator(PolicyRegistry policies) {
    this(policies, LinkShape.NONE);
  }

  /**
   * A validator whose link placeholders become short links of the shape {@code links} gives (asked
   * only when a template has a link; empty when there is no links service).
   */
  public CampaignValidator(PolicyRegistry policies, Supplier<Optional<LinkShape>> links) {
    this.policies = policies;
    this.links = links;
  }

  /**
   * Validates and compiles {@code spec}.
   *
   * @param acceptedAt when the campaign was first accepted: the start of a campaign without one
   * @throws IllegalArgumentException with a readable message when the campaign cannot be accepted
   */
  public CompiledCampaign compile(Campaign spec, Instant acceptedAt) {
    if (spec.getId().isBlank() || spec.getId().length() > 253) {
      throw new IllegalArgumentException("campaign id must be 1-253 characters (namespace/name)");
    }
    if (spec.getGeneration() < 0) {
      throw new IllegalArgumentException("generation must not be negative");
    }
    if (spec.getType() != CampaignType.CAMPAIGN_TYPE_MARKETING
        && spec.getType() != CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL) {
      throw new IllegalArgumentException("type must be marketing or transactional");
    }
    boolean marketing = spec.getType() == CampaignType.CAMPAIGN_TYPE_MARKETING;
    String sender = spec.getSender().getValue().strip();
    SenderKind kind = checkSender(sender);
    String stopMention = spec.getSender().getStopMention().strip();
    if (marketing && stopMention.isEmpty()) {
      throw new IllegalArgumentException(
          "sender.stop_mention is required: a marketing campaign carries the sender's STOP"
              + " mention, e.g. 'STOP 36111'");
    }
    List<String> stopProblems =
        marketing ? SenderIdRules.stopMentionProblems(kind, stopMention) : List.of();
    if (!stopProblems.isEmpty()) {
      throw new IllegalArgumentException("sender.stop_mention: " + String.join("; ", stopProblems));
    }
    if (spec.getAudienceList().isBlank()) {
      throw new IllegalArgumentException("audience_list must name a contact list");
    }
    String landingUrl = spec.getLandingUrl().strip();
    if (!landingUrl.isEmpty()) {
      LinkTargets.problem(landingUrl)
          .ifPresent(problem -> {
            throw new IllegalArgumentException("landing_url " + problem);
          });
    }
    TemplateRenderer template;
    try {
      template = TemplateRenderer.parse(spec.getTemplate(), landingUrl, links);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("template: " + e.getMessage(), e);
    }
    List<CampaignVariant> variants = variants(spec, template, landingUrl);
    // Only the range here: the limit itself is checked on acceptance (see accept).
    MessageLengthLimit.of(spec.getMaxParts());
    CompliancePolicy policy = policies.resolve(spec.getPolicy(), marketing);
    Instant start = effectiveStart(spec, acceptedAt);
    Instant deadline =
        spec.hasDeadline() ? instant(spec.getDeadline()) : start.plus(DEFAULT_SENDING_PERIOD);
    if (!deadline.isAfter(start)) {
      throw new IllegalArgumentException(
          "deadline " + deadline + " must be after the start " + start);
    }
    if (spec.getMaxRate() < 0) {
      throw new IllegalArgumentException("max_rate must be 0 (no cap) or a positive rate");
    }
    String region = spec.getDefaultRegion();
    if (!region.isEmpty() && !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "default_region '" + region + "' must be an ISO 3166 region code such as FR");
    }
    ZoneId zone = spec.getTimeZone().isBlank() ? RecipientTimeZones.ofRegion(region) : zone(spec);
    FrequencyCap cap =
        FrequencyCap.of(
            spec.getFrequencyCap().getMaxMessages(), spec.getFrequencyCap().getPeriodDays());
    CountryAllowList countries =
        CountryAllowList.of(
            spec.getAllowedCountriesList(), region.isEmpty() ? DEFAULT_REGION : region);
    return new CompiledCampaign(
        spec,
        marketing,
        sender,
        stopMention,
        template,
        policy,
        start,
        deadline,
        zone == null ? DEFAULT_ZONE : zone,
        spec.getMaxRate(),
        AudienceFilter.newBuilder()
            .setList(spec.getAudienceList())
            .addAllTags(spec.getAudienceTagsList())
            .build(),
        cap,
        countries,
        spec.getAudienceFilter().strip(),
        spec.getTransliterate(),
        variants,
        VariantAssignment.of(spec.getId(), variants.stream().map(CampaignVariant::weight).toList()),
        AbTestPlan.of(spec, variants, start, deadline));
  }

  /**
   * What recipients receive: the declared variants, each checked as the template is, or the
   * template alone (named "") when there are none.
   */
  private List<CampaignVariant> variants(
      Campaign spec, TemplateRenderer template, String landingUrl) {
    if (spec.getVariantsCount() == 0) {
      return List.of(new CampaignVariant("", 1, spec.getTemplate(), template));
    }
    if (spec.getVariantsCount() > MAX_VARIANTS) {
      throw new IllegalArgumentException(
          "variants: at most " + MAX_VARIANTS + " variants, not " + spec.getVariantsCount());
    }
    List<CampaignVariant> variants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (dev.relais.proto.scheduler.v1.Variant variant : spec.getVariantsList()) {
      String name = variant.getName();
      if (!VARIANT_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "variants: name '"
                + name
                + "' must be 1-20 characters of a-z, 0-9 and '-', e.g. 'a' or 'short-text'");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("variants: name '" + name + "' appears twice");
      }
      int weight = variant.getWeight() == 0 ? 1 : variant.getWeight();
      if (weight < 1 || weight > MAX_VARIANT_WEIGHT) {
        throw new IllegalArgumentException(
            "variant "
                + name
                + ": weight "
                + variant.getWeight()
                + " must be between 1 and "
                + MAX_VARIANT_WEIGHT);
      }
      TemplateRenderer parsed;
      try {
        parsed = TemplateRenderer.parse(variant.getTemplate(), landingUrl, links);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("variant " + name + ": template: " + e.getMessage(), e);
      }
      variants.add(new CampaignVariant(name, weight, variant.getTemplate(), parsed));
    }
    return variants;
  }

  private static ZoneId zone(Campaign spec) {
    try {
      return ZoneId.of(spec.getTimeZone().strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "time_zone '"
              + spec.getTimeZone()
              + "' is not an IANA time zone such as Europe/Paris or America/Cayenne",
          e);
    }
  }

  /**
   * Validates and compiles a campaign being accepted (new, or changed before it started): beyond
   * {@link #compile}, its longest message must fit its part limit. A campaign already accepted is
   * compiled without it, so that one accepted before the limit existed still runs.
   *
   * @throws IllegalArgumentException with a readable message when the campaign cannot be accepted
   */
  public CompiledCampaign accept(Campaign spec, Instant acceptedAt) {
    CompiledCampaign compiled = compile(spec, acceptedAt);
    MessageLengthLimit.check(compiled, MessageLengthLimit.of(spec.getMaxParts()));
    return compiled;
  }

  /** The kind of {@code sender}, which the SenderId rules accept. */
  private static SenderKind checkSender(String sender) {
    if (sender.isEmpty()) {
      throw new IllegalArgumentException("sender.value is required");
    }
    Optional<SenderKind> kind = SenderIdRules.kindOf(sender);
    if (kind.isEmpty()) {
      // Not echoed: a refused sender may be someone's mobile number.
      throw new IllegalArgumentException(
          "sender.value is refused: " + String.join("; ", SenderIdRules.problems(sender)));
    }
    return kind.get();
  }

  /** When a campaign may start: its start_at, or its acceptance time when it has none. */
  public static Instant effectiveStart(Campaign spec, Instant acceptedAt) {
    return spec.hasStartAt() ? instant(spec.getStartAt()) : acceptedAt;
  }
}
