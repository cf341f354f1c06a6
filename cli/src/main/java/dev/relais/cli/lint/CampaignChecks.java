package dev.relais.cli.lint;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SegmentSpec;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.scheduler.campaign.CampaignValidator;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.compliance.RecipientTimeZones;
import dev.relais.scheduler.routing.RouteDefinition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A Campaign as the operator checks it (with its SenderId and Segment) and as the scheduler accepts
 * it (template, sender, STOP mention, part limit, policy, schedule), then what the scheduler would
 * do with it: when it sends ({@link SendTimeWarnings}) and what each message costs ({@link
 * MessageTextWarnings}).
 */
final class CampaignChecks {

  /**
   * The STOP mention counted when the campaign's SenderId is not among the linted manifests: as
   * long as the usual "STOP 36xxx".
   */
  static final String STAND_IN_STOP_MENTION = "STOP 00000";

  private static final String ELSEWHERE = " (it may be applied from elsewhere)";

  private final PolicyRegistry policies;
  private final Clock clock;

  CampaignChecks(PolicyRegistry policies, Clock clock) {
    this.policies = policies;
    this.clock = clock;
  }

  void check(
      LintedDocument document,
      Campaign campaign,
      LintedResources resources,
      List<Finding> findings) {
    CampaignSpec spec = campaign.getSpec();
    String namespace = document.namespace();
    Optional<SenderId> sender = resources.senderId(namespace, spec.senderIdRef);
    if (sender.isEmpty()) {
      findings.add(
          document.warning(
              "spec.senderIdRef",
              "SenderId "
                  + spec.senderIdRef
                  + " is not among the linted manifests of namespace "
                  + namespace
                  + ELSEWHERE
                  + ": its rules are not checked, and message lengths count a STOP mention of "
                  + STAND_IN_STOP_MENTION.length()
                  + " characters"));
    }
    String segmentRef = spec.audience == null ? null : spec.audience.segmentRef;
    Optional<Segment> segment = Optional.empty();
    if (segmentRef != null) {
      segment = resources.segment(namespace, segmentRef);
      if (segment.isEmpty()) {
        findings.add(
            document.warning(
                "spec.audience.segmentRef",
                "Segment "
                    + segmentRef
                    + " is not among the linted manifests of namespace "
                    + namespace
                    + ELSEWHERE));
      }
    }
    if (resources.platforms(namespace).isEmpty()) {
      findings.add(
          document.warning(
              "metadata.namespace",
              "no SmsPlatform among the linted manifests of namespace "
                  + namespace
                  + ": the campaign waits until one runs there"
                  + ELSEWHERE));
    }
    List<RouteDefinition> routes = RouteChecks.definitions(resources, namespace);
    Optional<RouteDefinition> route = route(document, spec, routes, findings);

    // The operator's checks, with stand-ins for what lives elsewhere so that the rest is checked.
    SenderId effectiveSender = sender.orElseGet(() -> standInSender(spec.senderIdRef, namespace));
    Optional<Segment> effectiveSegment =
        segmentRef == null
            ? Optional.empty()
            : Optional.of(segment.orElseGet(() -> standInSegment(segmentRef, namespace)));
    List<String> refused =
        dev.relais.operator.model.CampaignValidator.problems(
            campaign, Optional.of(effectiveSender), effectiveSegment);
    refused.forEach(p -> findings.add(document.error("spec", p)));
    if (!refused.isEmpty()) {
      return;
    }

    // The scheduler's, on the request the operator would send it.
    CompiledCampaign compiled;
    try {
      compiled =
          new CampaignValidator(policies)
              .accept(
                  CampaignRequestBuilder.campaign(campaign, effectiveSender, effectiveSegment),
                  clock.instant());
    } catch (IllegalArgumentException e) {
      findings.add(schedulerRefusal(document, e.getMessage()));
      return;
    }
    SendTimeWarnings.check(document, spec, compiled, clock.instant(), findings);
    MessageTextWarnings.check(document, compiled, route, findings);
    variants(document, campaign, effectiveSender, effectiveSegment, route, findings);
  }

  /** The route that would carry messages to the campaign's default region, if any is linted. */
  private static Optional<RouteDefinition> route(
      LintedDocument document,
      CampaignSpec spec,
      List<RouteDefinition> routes,
      List<Finding> findings) {
    if (routes.isEmpty()) {
      findings.add(
          document.warning(
              "metadata.namespace",
              "no SmppRoute among the linted manifests of namespace "
                  + document.namespace()
                  + ": recipients without a route are suppressed"
                  + ELSEWHERE));
      return Optional.empty();
    }
    String region =
        spec.defaultRegion == null ? CampaignValidator.DEFAULT_REGION : spec.defaultRegion;
    String callingCode = RecipientTimeZones.callingCodeOf(region);
    if (callingCode == null) {
      return Optional.empty();
    }
    Optional<RouteDefinition> route = RouteChecks.serving(routes, callingCode);
    if (route.isEmpty()) {
      findings.add(
          document.warning(
              "spec.defaultRegion",
              "no linted SmppRoute of namespace "
                  + document.namespace()
                  + " serves "
                  + callingCode
                  + " ("
                  + region
                  + "): recipients there would be suppressed for want of a route"));
    }
    return route;
  }

  /**
   * A/B variants: the operator checks their names and weights, but the scheduler is handed the
   * campaign's template only, so each variant's template is checked here as the scheduler checks
   * the campaign's, and its encoding and parts are previewed as the template's are.
   */
  private void variants(
      LintedDocument document,
      Campaign campaign,
      SenderId sender,
      Optional<Segment> segment,
      Optional<RouteDefinition> route,
      List<Finding> findings) {
    List<CampaignSpec.Variant> variants = campaign.getSpec().variants;
    if (variants == null || variants.isEmpty()) {
      return;
    }
    findings.add(
        document.warning(
            "spec.variants",
            "A/B variants are not applied yet: every recipient receives spec.template"));
    for (int i = 0; i < variants.size(); i++) {
      CampaignSpec.Variant variant = variants.get(i);
      String field = "spec.variants[" + i + "].template";
      try {
        CompiledCampaign compiled =
            new CampaignValidator(policies)
                .accept(
                    CampaignRequestBuilder.campaign(campaign, sender, segment).toBuilder()
                        .setTemplate(variant.template)
                        .build(),
                    clock.instant());
        MessageTextWarnings.check(document, field, compiled, route, findings);
      } catch (IllegalArgumentException e) {
        findings.add(
            document.warning(
                field,
                "the scheduler would refuse this template: "
                    + e.getMessage().replaceFirst("^template: ", "")));
      }
    }
  }

  private static Finding schedulerRefusal(LintedDocument document, String message) {
    if (message.startsWith("template: ")) {
      return document.error("spec.template", message.substring("template: ".length()));
    }
    return document.error("spec", message);
  }

  private static SenderId standInSender(String name, String namespace) {
    SenderId sender = new SenderId();
    sender.setMetadata(meta(name, namespace));
    SenderIdSpec spec = new SenderIdSpec();
    spec.type = "alphanumeric";
    spec.value = "RELAIS";
    spec.stopMention = STAND_IN_STOP_MENTION;
    sender.setSpec(spec);
    return sender;
  }

  private static Segment standInSegment(String name, String namespace) {
    Segment segment = new Segment();
    segment.setMetadata(meta(name, namespace));
    SegmentSpec spec = new SegmentSpec();
    spec.list = name;
    spec.purpose = null;
    segment.setSpec(spec);
    return segment;
  }

  private static ObjectMeta meta(String name, String namespace) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    return meta;
  }
}
