package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Condition;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.ErrorCodeCount;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.TimelineBucket;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CampaignReportBuilderTest {

  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  @Test
  void figuresComeFromTheStatusAndWhatOnlyAnalyticsKnows() {
    Report report = CampaignReportBuilder.build(results(completedCampaign(), stats(), timeline()));

    assertThat(report.title()).isEqualTo("Campaign relais-demo/winter-sale");
    Map<String, String> facts =
        report.facts().stream()
            .collect(Collectors.toMap(Report.Fact::label, Report.Fact::value, (a, b) -> a));
    assertThat(facts)
        .containsEntry("Phase", "Completed")
        .containsEntry("Created", "2 Mar 2026, 08:59:00 CET")
        .containsEntry("Completed", "2 Mar 2026, 09:05:00 CET")
        .containsEntry("Start", "on creation");

    Map<String, String> figures = figures(report, "results");
    assertThat(figures)
        .containsEntry("Audience", "12,000")
        .containsEntry("Suppressed", "1,500")
        .containsEntry("Queued", "10,500")
        .containsEntry("Submitted", "10,400")
        .containsEntry("Delivered", "10,140")
        .containsEntry("Delivery rate", "97.5%")
        .containsEntry("Failed", "160")
        .containsEntry("Expired", "100")
        .containsEntry("In doubt", "3")
        .containsEntry("Delivery unknown", "100")
        .containsEntry("Opt-outs", "12")
        .containsEntry("Estimated cost", "787.50 EUR");
    assertThat(detail(report, "results", "Failed"))
        .isEqualTo("60 refused at submission, 100 undelivered");
  }

  @Test
  void eachAbVariantHasItsRowInTheTerminalTableAndTheHtmlReport() {
    Campaign campaign = completedCampaign();
    Campaign.VariantStatus a = new Campaign.VariantStatus();
    a.name = "a";
    a.weight = 70;
    a.queued = 7_350L;
    a.encoding = new Campaign.Encoding();
    a.encoding.encoding = "GSM-7";
    a.encoding.parts = 1;
    Campaign.VariantStatus b = new Campaign.VariantStatus();
    b.name = "b";
    b.weight = 30;
    b.queued = 3_150L;
    b.encoding = new Campaign.Encoding();
    b.encoding.encoding = "UCS-2";
    b.encoding.parts = 2;
    campaign.getStatus().variants = List.of(a, b);
    CampaignStats stats =
        stats().toBuilder()
            .addVariants(
                dev.relais.proto.analytics.v1.VariantStats.newBuilder()
                    .setVariant("a")
                    .setSubmitted(7_300)
                    .setDelivered(7_100)
                    .setSubmitFailed(20)
                    .setUndelivered(30)
                    .setDeliveryRate(7_100 / 7_300.0))
            .addVariants(
                dev.relais.proto.analytics.v1.VariantStats.newBuilder()
                    .setVariant("b")
                    .setSubmitted(3_100)
                    .setDelivered(3_040)
                    .setDeliveryRate(3_040 / 3_100.0))
            .build();

    Report report = CampaignReportBuilder.build(results(campaign, stats, timeline()));

    assertThat(figures(report, "variants"))
        .containsExactly(
            Map.entry("Variant a queued", "7,350"), Map.entry("Variant b queued", "3,150"));
    assertThat(detail(report, "variants", "Variant a queued"))
        .isEqualTo("weight 70, 7,300 submitted, 7,100 delivered (97.3%), 50 failed, GSM-7, 1 part");
    assertThat(KpiTable.render(report))
        .contains("Variant b queued")
        .contains("weight 30, 3,100 submitted, 3,040 delivered (98.1%), 0 failed, UCS-2, 2 parts");
    assertThat(new HtmlReport(java.time.ZoneId.of("Europe/Paris")).render(report))
        .contains("A/B variants")
        .contains("Variant b queued");
  }

  @Test
  void aCampaignWithoutVariantsHasNoVariantSection() {
    Report report = CampaignReportBuilder.build(results(completedCampaign(), stats(), timeline()));
    assertThat(report.sections())
        .extracting(Report.Section::id)
        .doesNotContain("variants")
        .doesNotContain("ab-test");
  }

  @Test
  void anAbTestsDecisionShowsTheWinnerWhyAndEachVariantsRate() {
    Campaign campaign = completedCampaign();
    Campaign.AbTestStatus test = new Campaign.AbTestStatus();
    test.stage = "Decided";
    test.sample = 1_200L;
    test.winner = "b";
    test.conclusive = true;
    test.metric = "clicks";
    test.method = "zTest";
    test.reason = "b beats a on clicks: 15% against 8.3%, p = 0.0123 < 0.05";
    test.decidedAt = "2026-03-02T12:00:00Z";
    test.pValue = "0.0123";
    test.arms = List.of(arm("a", 50, 600), arm("b", 90, 600));
    campaign.getStatus().abTest = test;

    Report report = CampaignReportBuilder.build(results(campaign, stats(), timeline()));

    assertThat(KpiTable.render(report))
        .contains("Test, then send the winner")
        .contains("b (winner)");
    assertThat(figures(report, "ab-test"))
        .containsExactly(
            Map.entry("Winner", "b"),
            Map.entry("Decision", "conclusive"),
            Map.entry("p-value", "0.0123"),
            Map.entry("Sample", "1,200"));
    assertThat(detail(report, "ab-test", "Winner"))
        .isEqualTo("sent to the rest of the audience, decided on 2 Mar 2026, 13:00:00 CET");
    assertThat(detail(report, "ab-test", "Decision"))
        .isEqualTo("b beats a on clicks: 15% against 8.3%, p = 0.0123 < 0.05");
    List<List<Report.Value>> rows =
        section(report, "ab-test").blocks().stream()
            .filter(Report.Table.class::isInstance)
            .map(Report.Table.class::cast)
            .findFirst()
            .orElseThrow()
            .rows();
    assertThat(rows)
        .containsExactly(
            List.of(
                new Report.Text("a"),
                new Report.Count(50),
                new Report.Count(600),
                new Report.Ratio(50 / 600.0)),
            List.of(
                new Report.Text("b (winner)"),
                new Report.Count(90),
                new Report.Count(600),
                new Report.Ratio(90 / 600.0)));
    assertThat(new HtmlReport(java.time.ZoneId.of("Europe/Paris")).render(report))
        .contains("Test, then send the winner")
        .contains("b (winner)");

    // Before the decision: where the test stands.
    Campaign.AbTestStatus waiting = new Campaign.AbTestStatus();
    waiting.stage = "Waiting";
    waiting.sample = 1_200L;
    waiting.decideAt = "2026-03-02T12:00:00Z";
    campaign.getStatus().abTest = waiting;
    Report before = CampaignReportBuilder.build(results(campaign, stats(), timeline()));
    assertThat(figures(before, "ab-test"))
        .containsExactly(Map.entry("Stage", "Waiting"), Map.entry("Sample", "1,200"));
    assertThat(detail(before, "ab-test", "Stage"))
        .isEqualTo("not decided yet: the winner is chosen on 2 Mar 2026, 13:00:00 CET");
  }

  private static Campaign.AbTestArm arm(String variant, long successes, long trials) {
    Campaign.AbTestArm arm = new Campaign.AbTestArm();
    arm.variant = variant;
    arm.successes = successes;
    arm.trials = trials;
    return arm;
  }

  @Test
  void chartsShowOutcomesErrorCodesSuppressionsAndTime() {
    Report report = CampaignReportBuilder.build(results(completedCampaign(), stats(), timeline()));

    List<Report.Bar> outcomes = bars(report, "outcomes", "Messages by outcome");
    assertThat(outcomes)
        .extracting(Report.Bar::label, Report.Bar::value)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("Delivered", 10_140L),
            org.assertj.core.groups.Tuple.tuple("Undelivered", 100L),
            org.assertj.core.groups.Tuple.tuple("Refused at submission", 60L),
            org.assertj.core.groups.Tuple.tuple("Expired", 100L),
            org.assertj.core.groups.Tuple.tuple("Delivery unknown", 100L),
            org.assertj.core.groups.Tuple.tuple("Awaiting receipt", 60L),
            org.assertj.core.groups.Tuple.tuple("Not sent yet", 0L));
    assertThat(bars(report, "outcomes", "Failures by error code"))
        .extracting(Report.Bar::label, Report.Bar::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Undelivered, error 0x0b", 100L),
            org.assertj.core.groups.Tuple.tuple("Refused, status 0x58", 60L));
    assertThat(bars(report, "audience", "Suppressed by reason"))
        .extracting(Report.Bar::label)
        .containsExactly("no-consent", "opted-out", "invalid");

    Report.TimeChart time =
        (Report.TimeChart) section(report, "delivery-over-time").blocks().get(0);
    // Minutes 0 and 2 recorded, minute 1 empty: the chart runs evenly through it.
    assertThat(time.starts()).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
    assertThat(time.series())
        .extracting(Report.Series::name, Report.Series::values)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Submitted", List.of(10_000L, 0L, 400L)),
            org.assertj.core.groups.Tuple.tuple("Delivered", List.of(9_000L, 0L, 1_140L)),
            org.assertj.core.groups.Tuple.tuple("Failed", List.of(60L, 0L, 100L)));
  }

  @Test
  void aCampaignNotReportedYetSaysWhatIsNotKnown() {
    Campaign campaign = completedCampaign();
    campaign.setStatus(null);

    Report report =
        CampaignReportBuilder.build(
            results(
                campaign,
                CampaignStats.getDefaultInstance(),
                CampaignTimeline.getDefaultInstance()));

    assertThat(figures(report, "results"))
        .containsEntry("Audience", "not known yet")
        .containsEntry("Submitted", "0")
        .containsEntry("Delivery rate", "0%")
        .doesNotContainKey("Estimated cost");
    assertThat(section(report, "delivery-over-time").blocks())
        .singleElement()
        .isInstanceOf(Report.Note.class);
    assertThat(section(report, "cost").blocks()).singleElement().isInstanceOf(Report.Note.class);
  }

  static CampaignResults results(
      Campaign campaign, CampaignStats stats, CampaignTimeline timeline) {
    return new CampaignResults(campaign, stats, timeline, T0.plusSeconds(600));
  }

  static Campaign completedCampaign() {
    Campaign campaign = new Campaign();
    campaign.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("relais-demo")
            .withName("winter-sale")
            .withCreationTimestamp("2026-03-02T07:59:00Z")
            .build());
    campaign.setSpec(new CampaignSpec());
    Campaign.Status status = new Campaign.Status();
    status.phase = "Completed";
    status.audience = 12_000L;
    status.suppressed =
        new LinkedHashMap<>(Map.of("opted-out", 500L, "no-consent", 900L, "invalid", 100L));
    status.queued = 10_500L;
    status.submitted = 10_400L;
    status.delivered = 10_140L;
    status.failed = 160L;
    status.expired = 100L;
    status.optedOut = 12L;
    status.deliveryUnknown = 100L;
    status.deliveryRate = "97.5%";
    status.cost = new Campaign.Cost();
    status.cost.amount = "787.5";
    status.cost.currency = "EUR";
    status.cost.pricedParts = 10_500L;
    status.cost.unpricedParts = 0L;
    Condition completed = new Condition();
    completed.type = "Completed";
    completed.status = "True";
    completed.lastTransitionTime = "2026-03-02T08:05:00Z";
    status.conditions = List.of(completed);
    campaign.setStatus(status);
    return campaign;
  }

  static CampaignStats stats() {
    return CampaignStats.newBuilder()
        .setCampaignId("relais-demo/winter-sale")
        .setQueued(10_500)
        .setSubmitted(10_400)
        .setSubmitFailed(60)
        .setDelivered(10_140)
        .setUndelivered(100)
        .setExpired(100)
        .setOptedOut(12)
        .setInDoubt(3)
        .setDeliveryUnknown(100)
        .setDeliveryRate(10_140 / 10_400.0)
        .build();
  }

  static CampaignTimeline timeline() {
    return CampaignTimeline.newBuilder()
        .setBucketSeconds(60)
        .addBuckets(
            TimelineBucket.newBuilder()
                .setStart(Timestamp.newBuilder().setSeconds(T0.getEpochSecond()))
                .setSubmitted(10_000)
                .setSubmitFailed(60)
                .setDelivered(9_000))
        .addBuckets(
            TimelineBucket.newBuilder()
                .setStart(Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + 120))
                .setSubmitted(400)
                .setDelivered(1_140)
                .setUndelivered(100))
        .addFailures(
            ErrorCodeCount.newBuilder()
                .setType(EventType.EVENT_TYPE_UNDELIVERED)
                .setErrorCode(11)
                .setMessages(100))
        .addFailures(
            ErrorCodeCount.newBuilder()
                .setType(EventType.EVENT_TYPE_SUBMIT_FAILED)
                .setErrorCode(0x58)
                .setMessages(60))
        .build();
  }

  static Report.Section section(Report report, String id) {
    return report.sections().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  static Map<String, String> figures(Report report, String section) {
    return section(report, section).blocks().stream()
        .filter(Report.Figures.class::isInstance)
        .flatMap(b -> ((Report.Figures) b).figures().stream())
        .collect(
            Collectors.toMap(
                Report.Figure::label,
                f -> Numbers.format(f.value()),
                (a, b) -> a,
                LinkedHashMap::new));
  }

  private static String detail(Report report, String section, String label) {
    return section(report, section).blocks().stream()
        .filter(Report.Figures.class::isInstance)
        .flatMap(b -> ((Report.Figures) b).figures().stream())
        .filter(f -> f.label().equals(label))
        .findFirst()
        .orElseThrow()
        .detail();
  }

  private static List<Report.Bar> bars(Report report, String section, String title) {
    return section(report, section).blocks().stream()
        .filter(b -> b instanceof Report.BarChart c && c.title().equals(title))
        .map(b -> ((Report.BarChart) b).bars())
        .findFirst()
        .orElseThrow();
  }
}
