package dev.relais.cli.lint;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SegmentSpec;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.operator.model.SchedulerRefusal;
import dev.relais.operator.model.ServiceSettings;
import dev.relais.scheduler.campaign.CampaignValidator;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.compliance.RecipientTimeZones;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.template.LinkShape;
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

  private final String declaredPolicies;
  private final Clock clock;

  CampaignChecks(String declaredPolicies, Clock clock) {
    this.declaredPolicies = declaredPolicies == null ? "" : declaredPolicies;
    PolicyRegistry.withDeclared(this.declaredPolicies); // refuses a malformed one now
    this.clock = clock;
  }

  /**
   * Why the scheduler of {@code platform} would refuse to start on its declared policies (the
   * scheduler's own parser, on the COMPLIANCE_POLICIES the operator gives it); empty when it would
   * start.
   */
  static Optional<String> declaredPolicies(SmsPlatform platform) {
    String declared =
        ServiceSettings.scheduler(platform.getSpec()).getOrDefault("COMPLIANCE_POLICIES", "");
    try {
      PolicyRegistry.withDeclared(declared);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("the scheduler would not start: " + e.getMessage());
    }
  }

  /**
   * The policies a campaign of {@code namespace} can name: the built-in ones, those of the lint's
   * --policies, and those its namespace's SmsPlatform declares (when they parse; their errors are
   * the platform's findings).
   */
  private static PolicyRegistry policies(
      String declared, LintedResources resources, String namespace) {
    for (SmsPlatform platform : resources.platforms(namespace)) {
      String own =
          ServiceSettings.scheduler(platform.getSpec()).getOrDefault("COMPLIANCE_POLICIES", "");
      if (!own.isBlank()) {
        try {
          return PolicyRegistry.withDeclared(declared + ";" + own);
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    return PolicyRegistry.withDeclared(declared);
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
            campaign, Optional.of(effectiveSender), effectiveSegment, clock.instant());
    refused.forEach(p -> findings.add(document.error("spec", p)));
    if (!refused.isEmpty()) {
      return;
    }

    // The scheduler's, on the request the operator would send it.
    PolicyRegistry policies = policies(declaredPolicies, resources, namespace);
    CompiledCampaign compiled;
    try {
      compiled =
          new CampaignValidator(policies, () -> Optional.of(linkShape(resources, namespace)))
              .accept(
                  CampaignRequestBuilder.campaign(
                      campaign, effectiveSender, effectiveSegment, clock.instant()),
                  clock.instant());
    } catch (IllegalArgumentException e) {
      // In the manifest's names, as the operator's status would say it.
      SchedulerRefusal refusal = SchedulerRefusal.of(e.getMessage(), campaign);
      findings.add(document.error(refusal.campaignField(), refusal.problem()));
      return;
    }
    SendTimeWarnings.check(document, spec, compiled, clock.instant(), findings);
    AbTestPreview.check(document, campaign, compiled.abTest(), segment, clock.instant(), findings);
    if (!compiled.hasVariants()) {
      // With variants the template is not sent: each variant's text is previewed instead.
      MessageTextWarnings.check(document, compiled, route, findings);
    }
    variants(
        document,
        campaign,
        effectiveSender,
        effectiveSegment,
        route,
        linkShape(resources, namespace),
        policies,
        findings);
  }

  /**
   * The links counted in message lengths: on the linted SmsPlatform's linkTrackingBaseUrl when
   * there is one, else as long as a typical base URL; tokens as long as the links service's.
   */
  static LinkShape linkShape(LintedResources resources, String namespace) {
    return resources.platforms(namespace).stream()
        .map(p -> p.getSpec() == null ? null : p.getSpec().linkTrackingBaseUrl)
        .filter(url -> url != null && !url.isBlank())
        .findFirst()
        .map(url ->
            new LinkShape(url.strip().replaceAll("/+$", ""), LinkShape.TYPICAL.tokenLength()))
        .orElse(LinkShape.TYPICAL);
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
   * A/B variants: the scheduler has checked each one as it checks the template (a refusal is an
   * error above); here each variant's encoding and parts are previewed as the template's are, and a
   * template that no variant repeats is pointed out, since it is not sent.
   */
  private void variants(
      LintedDocument document,
      Campaign campaign,
      SenderId sender,
      Optional<Segment> segment,
      Optional<RouteDefinition> route,
      LinkShape links,
      PolicyRegistry policies,
      List<Finding> findings) {
    List<CampaignSpec.Variant> variants = campaign.getSpec().variants;
    if (variants == null || variants.isEmpty()) {
      return;
    }
    if (variants.stream().noneMatch(v -> campaign.getSpec().template.equals(v.template))) {
      findings.add(
          document.warning(
              "spec.template",
              "not sent: with spec.variants each recipient receives one variant's template;"
                  + " repeat this text as a variant if it is the control"));
    }
    for (int i = 0; i < variants.size(); i++) {
      CampaignSpec.Variant variant = variants.get(i);
      // The variant compiled as the template of a campaign without variants: the same preview.
      CompiledCampaign compiled =
          new CampaignValidator(policies, () -> Optional.of(links))
              .accept(
                  CampaignRequestBuilder.campaign(campaign, sender, segment, clock.instant())
                      .toBuilder()
                      .clearVariants()
                      .clearAbTest()
                      .setTemplate(variant.template)
                      .build(),
                  clock.instant());
      MessageTextWarnings.check(
          document, "spec.variants[" + i + "].template", compiled, route, findings);
    }
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
