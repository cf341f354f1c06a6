package dev.relais.operator.reconciler;

import static dev.relais.operator.reconciler.MockCluster.await;
import static dev.relais.operator.services.ReportedProgress.abTesting;
import static dev.relais.operator.services.ReportedProgress.allQueued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Condition;
import dev.relais.operator.api.Segment;
import dev.relais.operator.model.CampaignStatusBuilder;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.services.CampaignProgress;
import dev.relais.operator.services.OperatorServices;
import dev.relais.operator.services.RouteStatsSource;
import dev.relais.operator.services.SegmentEstimator;
import dev.relais.operator.services.ServiceAddresses;
import dev.relais.operator.services.ServiceCallException;
import dev.relais.proto.scheduler.v1.CampaignType;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaigns and Segments through the real operator against the mock API server, with a fake
 * scheduler and segment estimator standing in for the services.
 */
class CampaignOperatorTest {

  private static final String NS = "shop";
  private static final String NO_PLATFORM_NS = "bare";

  private static final FakeScheduler SCHEDULER = new FakeScheduler();
  private static volatile SegmentEstimator estimator = SegmentEstimator.NONE;

  private static MockCluster cluster;
  private static OperatorMain operator;

  @BeforeAll
  static void start() throws IOException {
    cluster = new MockCluster(NS, NO_PLATFORM_NS);
    cluster.create(Manifests.platform(NS, "relais"));
    cluster.create(Manifests.sender(NS, "acme", "ACME"));
    cluster.create(Manifests.sender(NO_PLATFORM_NS, "acme", "ACME"));
    OperatorSettings settings =
        OperatorSettings.from(
            Map.of(
                "RELAIS_USE_SSA", "false",
                "SERVER_PORT", "0",
                "RELAIS_CAMPAIGN_POLL", "PT0.3S",
                "RELAIS_CAMPAIGN_IDLE_POLL", "PT0.5S",
                "RELAIS_CAMPAIGN_STOP_TIMEOUT", "PT3S"));
    SegmentEstimator delegating =
        (contacts, list, tags, filter) -> estimator.estimate(contacts, list, tags, filter);
    operator =
        OperatorMain.start(
            settings,
            cluster.client(),
            false,
            new OperatorServices(
                SCHEDULER,
                delegating,
                RouteStatsSource.NONE,
                new ServiceAddresses(Map.of()),
                () -> {}));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void schedulerBackToNormal() {
    SCHEDULER.unreachable = false;
    SCHEDULER.refusal = null;
    estimator = SegmentEstimator.NONE;
  }

  @Test
  void aCampaignIsHandedToTheSchedulerAndShowsItsProgressUntilCompleted() {
    cluster.create(Manifests.campaign(NS, "winter-sale", "acme"));

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/winter-sale"), h -> true);
    assertThat(held.address()).isEqualTo("relais-scheduler.shop.svc:9092");
    assertThat(held.campaign().getGeneration()).isEqualTo(1);
    assertThat(held.campaign().getType()).isEqualTo(CampaignType.CAMPAIGN_TYPE_MARKETING);
    assertThat(held.campaign().getSender().getValue()).isEqualTo("ACME");
    assertThat(held.campaign().getSender().getStopMention()).isEqualTo("STOP 36111");
    assertThat(held.campaign().getAudienceList()).isEqualTo("customers");
    assertThat(held.campaign().getSuspended()).isFalse();

    Campaign scheduled =
        await(
            () -> campaign("winter-sale"),
            c -> c.getStatus() != null && "Scheduled".equals(c.getStatus().phase));
    assertThat(condition(scheduled, "Ready").status).isEqualTo("True");
    assertThat(condition(scheduled, CampaignStatusBuilder.COMPLETED).status).isEqualTo("False");
    assertThat(scheduled.getStatus().observedGeneration).isEqualTo(1L);
    // While the scheduler holds unfinished work, deleting the campaign must stop it there first.
    assertThat(scheduled.getMetadata().getFinalizers()).contains(CampaignReconciler.FINALIZER);

    SCHEDULER.report(
        "shop/winter-sale",
        "Sending",
        1000,
        998,
        new CampaignProgress.Delivery(400, 390, 10, 0, 1, 0, 0.975));
    Campaign sending =
        await(() -> campaign("winter-sale"), c -> "Sending".equals(c.getStatus().phase));
    assertThat(sending.getStatus().deliveryRate).isEqualTo("97.5%");
    assertThat(sending.getStatus().progress).isEqualTo("40.2%");
    assertThat(sending.getStatus().queued).isEqualTo(998L);
    assertThat(sending.getStatus().delivered).isEqualTo(390L);
    assertThat(sending.getStatus().suppressed).containsEntry("no-consent", 2L);

    SCHEDULER.report(
        "shop/winter-sale",
        "Completed",
        1000,
        998,
        new CampaignProgress.Delivery(998, 980, 18, 0, 3, 0, 0.982));
    Campaign completed =
        await(
            () -> campaign("winter-sale"),
            c -> Conditions.isTrue(c.getStatus().conditions, CampaignStatusBuilder.COMPLETED));
    assertThat(completed.getStatus().progress).isEqualTo("100%");
    assertThat(completed.getStatus().phase).isEqualTo("Completed");
    // Nothing left to stop: a finished campaign carries no finalizer.
    Campaign released =
        await(() -> campaign("winter-sale"), c -> c.getMetadata().getFinalizers().isEmpty());
    assertThat(released.getMetadata().getFinalizers()).isEmpty();

    // Most receipts arrive after the last submit: the status keeps following them.
    SCHEDULER.report(
        "shop/winter-sale",
        "Completed",
        1000,
        998,
        new CampaignProgress.Delivery(998, 995, 3, 0, 3, 0, 0.997));
    Campaign later =
        await(
            () -> campaign("winter-sale"), c -> Long.valueOf(995).equals(c.getStatus().delivered));
    assertThat(later.getStatus().deliveryRate).isEqualTo("99.7%");
    assertThat(later.getStatus().failed).isEqualTo(3L);

    // Each phase it entered is one Event, the history kubectl describe shows; more receipts in
    // the same phase add none.
    assertThat(cluster.events(NS, "Campaign", "winter-sale"))
        .extracting(Event::getType, Event::getReason)
        .containsExactlyInAnyOrder(
            tuple("Normal", "Scheduled"), tuple("Normal", "Sending"), tuple("Normal", "Completed"));
  }

  @Test
  void aFailedCampaignIsAWarningEventWithTheSchedulersReason() {
    cluster.create(Manifests.campaign(NS, "doomed", "acme"));
    await(() -> SCHEDULER.campaigns.get("shop/doomed"), h -> true);

    SCHEDULER.scripted.put(
        "shop/doomed",
        allQueued("Failed", 10).message("the deadline passed with 10 messages unsent").build());

    Event failed =
        await(
                () ->
                    cluster.events(NS, "Campaign", "doomed").stream()
                        .filter(e -> "Failed".equals(e.getReason()))
                        .toList(),
                e -> !e.isEmpty())
            .get(0);
    assertThat(failed.getType()).isEqualTo("Warning");
    assertThat(failed.getMessage()).isEqualTo("the deadline passed with 10 messages unsent");
  }

  @Test
  void suspendPausesTheCampaignAndResumingSendsAgain() {
    cluster.create(Manifests.campaign(NS, "pause-me", "acme"));
    await(() -> SCHEDULER.campaigns.get("shop/pause-me"), h -> true);

    edit("pause-me", c -> c.getSpec().suspend = true);
    FakeScheduler.Held paused =
        await(() -> SCHEDULER.campaigns.get("shop/pause-me"), h -> h.campaign().getSuspended());
    assertThat(paused.campaign().getGeneration()).isEqualTo(2);
    Campaign status = await(() -> campaign("pause-me"), c -> "Paused".equals(c.getStatus().phase));
    assertThat(status.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(condition(status, "Ready").reason).isEqualTo("Paused");

    edit("pause-me", c -> c.getSpec().suspend = false);
    FakeScheduler.Held resumed =
        await(() -> SCHEDULER.campaigns.get("shop/pause-me"), h -> !h.campaign().getSuspended());
    assertThat(resumed.campaign().getGeneration()).isEqualTo(3);
    await(() -> campaign("pause-me"), c -> "Scheduled".equals(c.getStatus().phase));
  }

  @Test
  void quietHoursShowAsACondition() {
    cluster.create(Manifests.campaign(NS, "night", "acme"));
    await(() -> SCHEDULER.campaigns.get("shop/night"), h -> true);

    SCHEDULER.report("shop/night", "Held", 50, 50, null);

    Campaign held =
        await(
            () -> campaign("night"),
            c ->
                c.getStatus() != null
                    && Conditions.isTrue(
                        c.getStatus().conditions, CampaignStatusBuilder.QUIET_HOURS_HOLD));
    assertThat(held.getStatus().phase).isEqualTo("Held");
    assertThat(condition(held, "Ready").status).isEqualTo("True");
  }

  @Test
  void deletingARunningCampaignStopsItInTheScheduler() {
    cluster.create(Manifests.campaign(NS, "oops", "acme"));
    await(() -> SCHEDULER.campaigns.get("shop/oops"), h -> true);
    await(
        () -> campaign("oops"),
        c -> c.getMetadata().getFinalizers().contains(CampaignReconciler.FINALIZER));

    cluster.client().resource(campaign("oops")).delete();

    FakeScheduler.Held stopped =
        await(() -> SCHEDULER.campaigns.get("shop/oops"), h -> h.campaign().getSuspended());
    assertThat(stopped.campaign().getGeneration()).isGreaterThan(1);
    awaitGone("oops");
    assertThat(cluster.events(NS, "Campaign", "oops"))
        .extracting(Event::getReason)
        .contains("Stopped");
  }

  @Test
  void aDeletionNeverWaitsForAnUnreachableSchedulerBeyondItsBound() {
    cluster.create(Manifests.campaign(NS, "stranded", "acme"));
    await(() -> SCHEDULER.campaigns.get("shop/stranded"), h -> true);
    await(
        () -> campaign("stranded"),
        c -> c.getMetadata().getFinalizers().contains(CampaignReconciler.FINALIZER));
    SCHEDULER.unreachable = true;

    cluster.client().resource(campaign("stranded")).delete();

    awaitGone("stranded");
    assertThat(SCHEDULER.campaigns.get("shop/stranded").campaign().getSuspended()).isFalse();
    Event abandoned =
        await(
                () ->
                    cluster.events(NS, "Campaign", "stranded").stream()
                        .filter(e -> "StopAbandoned".equals(e.getReason()))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(abandoned.getType()).isEqualTo("Warning");
    assertThat(abandoned.getMessage()).contains("gave up stopping shop/stranded");
  }

  @Test
  void aSchedulerOutageIsReportedAndRetried() {
    SCHEDULER.unreachable = true;
    cluster.create(Manifests.campaign(NS, "outage", "acme"));

    Campaign waiting =
        await(
            () -> campaign("outage"),
            c -> c.getStatus() != null && !c.getStatus().conditions.isEmpty());
    assertThat(condition(waiting, "Ready").reason)
        .isEqualTo(CampaignReconciler.SCHEDULER_UNAVAILABLE);
    assertThat(waiting.getStatus().observedGeneration).isEqualTo(1L);

    SCHEDULER.unreachable = false;
    await(() -> campaign("outage"), c -> Conditions.isTrue(c.getStatus().conditions, "Ready"));
    assertThat(SCHEDULER.campaigns).containsKey("shop/outage");
  }

  @Test
  void aCampaignTheSchedulerRefusesSaysWhy() {
    // As the scheduler's validator words it, in the names of its gRPC request.
    SCHEDULER.refusal = "landing_url is not an absolute http(s) URL: ftp://shop.example/soldes";
    cluster.create(Manifests.campaign(NS, "refused", "acme"));

    Campaign refused =
        await(
            () -> campaign("refused"),
            c -> c.getStatus() != null && !c.getStatus().conditions.isEmpty());
    Condition ready = condition(refused, "Ready");
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo(CampaignReconciler.REJECTED);
    // Someone who wrote the Campaign in YAML reads the field they wrote.
    assertThat(ready.message)
        .endsWith(
            ": INVALID_ARGUMENT spec.landingUrl is not an absolute http(s) URL:"
                + " ftp://shop.example/soldes")
        .doesNotContain("landing_url");
    assertThat(await(() -> cluster.events(NS, "Campaign", "refused"), e -> !e.isEmpty()))
        .extracting(Event::getReason)
        .contains(CampaignReconciler.REJECTED);
  }

  @Test
  void aCampaignsAttributionWindowsReachAnalyticsBeforeTheScheduler() {
    Campaign campaign = Manifests.campaign(NS, "flash", "acme");
    campaign.getSpec().attribution = new CampaignSpec.Attribution();
    campaign.getSpec().attribution.clickWindow = "P1D";
    cluster.create(campaign);

    await(() -> SCHEDULER.campaigns.get("shop/flash"), h -> true);
    FakeScheduler.Attribution sent = SCHEDULER.attributions.get("shop/flash");
    assertThat(sent.address()).isEqualTo("relais-analytics.shop.svc:9094");
    assertThat(sent.request().getClickWindow().getSeconds()).isEqualTo(86_400);
    assertThat(sent.request().hasDeliveryWindow()).isFalse();
  }

  @Test
  void attributionWindowsAnalyticsRefusesHoldTheCampaignBackAndSayWhy() {
    SCHEDULER.attributionRefusal =
        "INVALID_ARGUMENT click_window must be between PT1M and PT720H (30 days): PT960H";
    try {
      Campaign campaign = Manifests.campaign(NS, "too-long", "acme");
      campaign.getSpec().attribution = new CampaignSpec.Attribution();
      campaign.getSpec().attribution.clickWindow = "P40D";
      cluster.create(campaign);

      Condition ready =
          condition(
              await(
                  () -> campaign("too-long"),
                  c -> c.getStatus() != null && !c.getStatus().conditions.isEmpty()),
              "Ready");
      assertThat(ready.status).isEqualTo("False");
      assertThat(ready.reason).isEqualTo(CampaignReconciler.REJECTED);
      assertThat(ready.message).contains("click_window must be between");
      assertThat(SCHEDULER.campaigns).doesNotContainKey("shop/too-long");
    } finally {
      SCHEDULER.attributionRefusal = null;
    }
  }

  @Test
  void aCampaignWithAMissingSenderIsNotSentAndSaysWhy() {
    cluster.create(Manifests.campaign(NS, "orphan", "nobody"));

    Campaign refused =
        await(
            () -> campaign("orphan"),
            c -> c.getStatus() != null && !c.getStatus().conditions.isEmpty());
    Condition ready = condition(refused, "Ready");
    assertThat(ready.reason).isEqualTo(CampaignReconciler.INVALID_SPEC);
    assertThat(ready.message).contains("SenderId nobody does not exist");
    assertThat(refused.getStatus().phase).isEqualTo("Pending");
    assertThat(SCHEDULER.campaigns).doesNotContainKey("shop/orphan");
    assertThat(refused.getMetadata().getFinalizers()).isEmpty();

    // Creating the sender is enough: the campaign follows.
    cluster.create(Manifests.sender(NS, "nobody", "NOBODY"));
    await(() -> SCHEDULER.campaigns.get("shop/orphan"), h -> true);
  }

  @Test
  void withoutAPlatformACampaignWaitsAndCanBeDeletedAtOnce() {
    Campaign campaign = Manifests.campaign(NO_PLATFORM_NS, "lonely", "acme");
    cluster.create(campaign);

    Campaign waiting =
        await(
            () ->
                cluster
                    .client()
                    .resources(Campaign.class)
                    .inNamespace(NO_PLATFORM_NS)
                    .withName("lonely")
                    .get(),
            c -> c.getStatus() != null && !c.getStatus().conditions.isEmpty());
    assertThat(condition(waiting, "Ready").reason).isEqualTo(CampaignReconciler.NO_PLATFORM);
    assertThat(waiting.getMetadata().getFinalizers()).isEmpty();

    cluster.client().resource(waiting).delete();
    await(
        () ->
            cluster
                    .client()
                    .resources(Campaign.class)
                    .inNamespace(NO_PLATFORM_NS)
                    .withName("lonely")
                    .get()
                == null,
        gone -> gone);
  }

  @Test
  void aSegmentIsReadyWithItsEstimatedSize() {
    estimator =
        (contacts, list, tags, filter) -> {
          assertThat(contacts).isEqualTo("relais-contacts.shop.svc:9091");
          assertThat(tags).containsExactly("vip");
          return Optional.of(list.equals("customers") ? 1234L : 0L);
        };
    cluster.create(Manifests.segment(NS, "vip-paris", "customers", "city = \"Paris\""));

    Segment segment =
        await(
            () ->
                cluster
                    .client()
                    .resources(Segment.class)
                    .inNamespace(NS)
                    .withName("vip-paris")
                    .get(),
            s -> s.getStatus() != null && s.getStatus().estimatedSize != null);
    assertThat(segment.getStatus().estimatedSize).isEqualTo(1234L);
    assertThat(Conditions.find(segment.getStatus().conditions, "Ready").orElseThrow().status)
        .isEqualTo("True");
    assertThat(segment.getStatus().observedGeneration).isEqualTo(1L);
  }

  @Test
  void aSegmentWhoseFilterTheContactsRefuseIsNotReady() {
    estimator =
        (contacts, list, tags, filter) -> {
          throw new ServiceCallException("expected a value after '=' at column 8", true, null);
        };
    cluster.create(Manifests.segment(NS, "broken", "customers", "city = "));

    Segment segment =
        await(
            () ->
                cluster.client().resources(Segment.class).inNamespace(NS).withName("broken").get(),
            s -> s.getStatus() != null && !s.getStatus().conditions.isEmpty());
    Condition ready = Conditions.find(segment.getStatus().conditions, "Ready").orElseThrow();
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.message).contains("column 8");
  }

  @Test
  void aCampaignToAListAndTagsIsPricedOnTheAudienceContactsCount() {
    estimator =
        (contacts, list, tags, filter) ->
            Optional.of(
                list.equals("customers") && tags.equals(List.of("vip")) && filter.isEmpty()
                    ? 777L
                    : 1L);
    Campaign campaign = Manifests.campaign(NS, "vip-list", "acme");
    campaign.getSpec().audience.tags = List.of("vip");
    cluster.create(campaign);

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/vip-list"), h -> true);
    assertThat(held.campaign().getAudienceEstimate()).isEqualTo(777);
  }

  @Test
  void aCampaignWhoseAudienceCannotBeCountedStillReachesTheSchedulerUnpriced() {
    estimator =
        (contacts, list, tags, filter) -> {
          throw new ServiceCallException("contacts unavailable", false, null);
        };
    cluster.create(Manifests.campaign(NS, "uncounted", "acme"));

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/uncounted"), h -> true);
    assertThat(held.campaign().getAudienceList()).isEqualTo("customers");
    assertThat(held.campaign().getAudienceEstimate()).isZero();
  }

  @Test
  void aCampaignToASegmentSendsTheSegmentsAudience() {
    cluster.create(Manifests.segment(NS, "lyon", "customers-lyon", "city = \"Lyon\""));
    Campaign campaign = Manifests.campaign(NS, "lyon-sale", "acme");
    campaign.getSpec().frequencyCap = new dev.relais.operator.api.CampaignSpec.FrequencyCapSpec();
    campaign.getSpec().frequencyCap.maxMessages = 2;
    campaign.getSpec().audience.list = null;
    campaign.getSpec().audience.segmentRef = "lyon";
    cluster.create(campaign);

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/lyon-sale"), h -> true);
    assertThat(held.campaign().getAudienceList()).isEqualTo("customers-lyon");
    assertThat(held.campaign().getAudienceTagsList()).containsExactly("vip");
    assertThat(held.campaign().getAudienceFilter()).isEqualTo("city = \"Lyon\"");
    assertThat(held.campaign().getAllowedCountriesList()).containsExactly("FR");
    assertThat(held.campaign().getFrequencyCap().getMaxMessages()).isEqualTo(2);
  }

  @Test
  void transliterationAndTheSegmentsEstimateReachTheSchedulerAndTheEstimateTheStatus() {
    estimator = (contacts, list, tags, filter) -> Optional.of(5000L);
    cluster.create(Manifests.segment(NS, "soldes", "customers", "city = \"Nimes\""));
    await(
        () -> cluster.client().resources(Segment.class).inNamespace(NS).withName("soldes").get(),
        s -> s.getStatus() != null && s.getStatus().estimatedSize != null);
    Campaign campaign = Manifests.campaign(NS, "soldes", "acme");
    campaign.getSpec().audience.list = null;
    campaign.getSpec().audience.segmentRef = "soldes";
    campaign.getSpec().transliterate = true;
    cluster.create(campaign);

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/soldes"), h -> true);
    assertThat(held.campaign().getTransliterate()).isTrue();
    assertThat(held.campaign().getAudienceEstimate()).isEqualTo(5000);

    SCHEDULER.scripted.put(
        "shop/soldes",
        CampaignProgress.builder()
            .phase("Scheduled")
            .encoding(new CampaignProgress.Encoding("GSM-7", 1, 1, true, List.of()))
            .estimate(new CampaignProgress.Estimate(5000, 1, 5000, "225.00", "EUR", "orange-fr"))
            .build());
    Campaign previewed =
        await(
            () -> campaign("soldes"), c -> c.getStatus() != null && c.getStatus().estimate != null);
    assertThat(previewed.getStatus().encoding.encoding).isEqualTo("GSM-7");
    assertThat(previewed.getStatus().estimate.amount).isEqualTo("225.00");
    assertThat(previewed.getStatus().estimate.parts).isEqualTo(5000L);
  }

  @Test
  void abVariantsReachTheSchedulerAndEachVariantsCountsTheStatus() {
    Campaign campaign = Manifests.campaign(NS, "spring-ab", "acme");
    campaign.getSpec().variants = List.of(variant("a", 70, "Promo A"), variant("b", 30, "Promo B"));
    cluster.create(campaign);

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/spring-ab"), h -> true);
    assertThat(held.campaign().getVariantsList())
        .extracting(
            dev.relais.proto.scheduler.v1.Variant::getName,
            dev.relais.proto.scheduler.v1.Variant::getWeight,
            dev.relais.proto.scheduler.v1.Variant::getTemplate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 70, "Promo A"),
            org.assertj.core.groups.Tuple.tuple("b", 30, "Promo B"));

    CampaignProgress.Encoding gsm = new CampaignProgress.Encoding("GSM-7", 1, 1, false, List.of());
    CampaignProgress.Encoding ucs2 =
        new CampaignProgress.Encoding(
            "UCS-2",
            2,
            1,
            false,
            List.of(new dev.relais.sms.text.Ucs2Characters.Occurrence("’", 1, 6, 1, "'")));
    SCHEDULER.scripted.put(
        "shop/spring-ab",
        allQueued("Sending", 1000)
            .delivery(new CampaignProgress.Delivery(800, 700, 20, 0, 1, 0, 0.875))
            .encoding(ucs2)
            .variants(
                List.of(
                    new CampaignProgress.Variant(
                        "a",
                        70,
                        Optional.of(gsm),
                        700,
                        700,
                        Optional.of(new CampaignProgress.Delivery(560, 500, 15, 0, 1, 0, 0.8929))),
                    new CampaignProgress.Variant(
                        "b",
                        30,
                        Optional.of(ucs2),
                        300,
                        600,
                        Optional.of(new CampaignProgress.Delivery(240, 200, 5, 0, 0, 0, 0.8333)))))
            .build());
    Campaign counted =
        await(
            () -> campaign("spring-ab"),
            c -> c.getStatus() != null && c.getStatus().variants != null);
    List<Campaign.VariantStatus> variants = counted.getStatus().variants;
    assertThat(variants)
        .extracting(
            v -> v.name,
            v -> v.weight,
            v -> v.queued,
            v -> v.queuedParts,
            v -> v.submitted,
            v -> v.delivered,
            v -> v.failed,
            v -> v.deliveryRate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 70, 700L, 700L, 560L, 500L, 15L, "89.3%"),
            org.assertj.core.groups.Tuple.tuple("b", 30, 300L, 600L, 240L, 200L, 5L, "83.3%"));
    assertThat(variants.get(0).encoding.encoding).isEqualTo("GSM-7");
    assertThat(variants.get(1).encoding.encoding).isEqualTo("UCS-2");
    assertThat(variants.get(1).encoding.ucs2Characters).containsExactly("’ (U+2019) at column 6");
  }

  @Test
  void anAbTestReachesTheSchedulerAndItsDecisionIsShownAndAnnouncedOnce() {
    Campaign campaign = Manifests.campaign(NS, "tested", "acme");
    campaign.getSpec().variants = List.of(variant("a", 1, "Promo A"), variant("b", 1, "Promo B"));
    campaign.getSpec().schedule = new dev.relais.operator.api.CampaignSpec.Schedule();
    campaign.getSpec().schedule.start = "2030-05-02T09:00:00+02:00";
    campaign.getSpec().abTest = new dev.relais.operator.api.CampaignSpec.AbTest();
    campaign.getSpec().abTest.samplePercent = 10;
    campaign.getSpec().abTest.decideAfter = "PT3H";
    campaign.getSpec().abTest.metric = "delivery";
    cluster.create(campaign);

    FakeScheduler.Held held = await(() -> SCHEDULER.campaigns.get("shop/tested"), h -> true);
    assertThat(held.campaign().getAbTest().getSamplePercent()).isEqualTo(10);
    assertThat(held.campaign().getAbTest().getDecideAt().getSeconds())
        .isEqualTo(java.time.Instant.parse("2030-05-02T10:00:00Z").getEpochSecond());

    SCHEDULER.scripted.put(
        "shop/tested",
        abTesting(
            new CampaignProgress.AbTest(
                "Decided",
                200,
                Optional.of(java.time.Instant.parse("2030-05-02T10:00:00Z")),
                "b",
                false,
                "b does not beat a on delivery: 91.0% against 90.0%, p = 0.72 >= 0.05",
                Optional.of(java.time.Instant.parse("2030-05-02T10:00:01Z")),
                java.util.OptionalDouble.of(0.72),
                java.util.OptionalDouble.empty(),
                "delivery",
                "zTest",
                List.of(
                    new CampaignProgress.Arm("a", 90, 100),
                    new CampaignProgress.Arm("b", 91, 100))),
            200));
    Campaign decided =
        await(() -> campaign("tested"), c -> c.getStatus() != null && c.getStatus().abTest != null);
    assertThat(decided.getStatus().abTest.winner).isEqualTo("b");
    assertThat(decided.getStatus().abTest.conclusive).isFalse();
    assertThat(decided.getStatus().abTest.pValue).isEqualTo("0.72");
    assertThat(decided.getStatus().abTest.arms)
        .extracting(a -> a.rate)
        .containsExactly("90%", "91%");
    List<Event> announced =
        await(
            () ->
                cluster.events(NS, "Campaign", "tested").stream()
                    .filter(e -> e.getReason().startsWith("AbTest"))
                    .toList(),
            e -> !e.isEmpty());
    assertThat(announced)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getReason()).isEqualTo(CampaignReconciler.AB_TEST_INCONCLUSIVE);
          assertThat(e.getType()).isEqualTo("Normal");
          assertThat(e.getMessage())
              .isEqualTo(
                  "the A/B test is inconclusive: the fallback variant b goes to the rest: b does not"
                      + " beat a on delivery: 91.0% against 90.0%, p = 0.72 >= 0.05");
        });

    // A later poll reports the same decision with more sent: no second event.
    CampaignProgress first = SCHEDULER.scripted.get("shop/tested");
    SCHEDULER.scripted.put("shop/tested", abTesting(first.abTest().orElseThrow(), 900));
    await(() -> campaign("tested"), c -> Long.valueOf(900).equals(c.getStatus().queued));
    assertThat(
            cluster.events(NS, "Campaign", "tested").stream()
                .filter(e -> e.getReason().startsWith("AbTest")))
        .hasSize(1);
  }

  @Test
  void anAbTestDecidingAfterTheDeadlineIsRefusedAndSaysWhy() {
    Campaign campaign = Manifests.campaign(NS, "too-late", "acme");
    campaign.getSpec().variants = List.of(variant("a", 1, "Promo A"), variant("b", 1, "Promo B"));
    campaign.getSpec().schedule = new dev.relais.operator.api.CampaignSpec.Schedule();
    campaign.getSpec().schedule.start = "2030-05-02T09:00:00+02:00";
    campaign.getSpec().schedule.deadline = "2030-05-02T12:00:00+02:00";
    campaign.getSpec().abTest = new dev.relais.operator.api.CampaignSpec.AbTest();
    campaign.getSpec().abTest.samplePercent = 10;
    campaign.getSpec().abTest.decideAfter = "PT4H";
    cluster.create(campaign);

    Campaign refused =
        await(
            () -> campaign("too-late"),
            c -> c.getStatus() != null && !c.getStatus().conditions.isEmpty());
    Condition ready = condition(refused, "Ready");
    assertThat(ready.reason).isEqualTo(CampaignReconciler.INVALID_SPEC);
    assertThat(ready.message)
        .isEqualTo(
            "abTest.decideAfter PT4H decides at 2030-05-02T11:00:00Z, not before the deadline"
                + " 2030-05-02T10:00:00Z: the winner could not be sent");
    assertThat(SCHEDULER.campaigns).doesNotContainKey("shop/too-late");
    assertThat(await(() -> cluster.events(NS, "Campaign", "too-late"), e -> !e.isEmpty()))
        .extracting(Event::getReason)
        .contains(CampaignReconciler.INVALID_SPEC);
  }

  private static dev.relais.operator.api.CampaignSpec.Variant variant(
      String name, int weight, String template) {
    dev.relais.operator.api.CampaignSpec.Variant variant =
        new dev.relais.operator.api.CampaignSpec.Variant();
    variant.name = name;
    variant.weight = weight;
    variant.template = template;
    return variant;
  }

  private static Campaign campaign(String name) {
    return cluster.client().resources(Campaign.class).inNamespace(NS).withName(name).get();
  }

  private static void edit(String name, java.util.function.Consumer<Campaign> change) {
    MockCluster.edit(() ->
        cluster
            .client()
            .resources(Campaign.class)
            .inNamespace(NS)
            .withName(name)
            .edit(c -> {
              change.accept(c);
              return c;
            }));
  }

  private static void awaitGone(String name) {
    await(() -> campaign(name) == null, gone -> gone);
  }

  private static Condition condition(Campaign campaign, String type) {
    List<Condition> conditions = campaign.getStatus().conditions;
    return Conditions.find(conditions, type)
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + conditions));
  }
}
