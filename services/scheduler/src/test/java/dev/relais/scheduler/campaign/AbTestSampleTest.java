package dev.relais.scheduler.campaign;

import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.AbTest;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.Variant;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.campaign.abtest.AbTestPlan;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RouteTable;
import dev.relais.scheduler.template.LinkShape;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** An A/B test's checks, its sample (stable, at its share) and the two passes of its expansion. */
class AbTestSampleTest {

  private static final Instant START = Instant.parse("2026-11-17T09:00:00Z");
  private static final CampaignValidator VALIDATOR =
      new CampaignValidator(PolicyRegistry.standard(), () -> Optional.of(LinkShape.TYPICAL));
  private static final RouteTable ROUTES =
      RouteTable.of(List.of(RouteDefinition.validated("orange-fr", List.of("+33"), 0, 4)));

  private static Campaign.Builder abTest(Consumer<AbTest.Builder> test) {
    AbTest.Builder ab =
        AbTest.newBuilder()
            .setSamplePercent(20)
            .setDecideAt(timestamp(START.plus(Duration.ofHours(2))))
            .setMetric(AbTestMetric.AB_TEST_METRIC_CONVERSIONS);
    test.accept(ab);
    return Campaigns.transactional()
        .setStartAt(timestamp(START))
        .setDeadline(timestamp(START.plus(Duration.ofHours(8))))
        .addVariants(Variant.newBuilder().setName("a").setWeight(50).setTemplate("Colis A"))
        .addVariants(Variant.newBuilder().setName("b").setWeight(50).setTemplate("Colis B"))
        .setAbTest(ab);
  }

  private static String refusal(Campaign campaign) {
    try {
      VALIDATOR.accept(campaign, START);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + campaign);
  }

  private static List<String> numbers(int count) {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(String.format("+336%08d", 10_000_000 + i));
    }
    return numbers;
  }

  @Test
  void badTestsAreRefusedWithASentenceNamingTheField() {
    assertThat(refusal(abTest(t -> {}).clearVariants().build()))
        .isEqualTo("ab_test needs at least two variants: the sample is split between them");
    assertThat(refusal(abTest(t -> t.setSamplePercent(0)).build()))
        .isEqualTo(
            "ab_test.sample_percent 0 must be between 1 and 50 (the share of the audience sent"
                + " first)");
    assertThat(refusal(abTest(t -> t.setSamplePercent(51)).build()))
        .startsWith("ab_test.sample_percent 51 must be between 1 and 50");
    assertThat(refusal(abTest(t -> t.setConfidence(0.9999)).build()))
        .isEqualTo("ab_test.confidence 0.9999 must be between 0.5 and 0.999 (0 means 0.95)");
    assertThat(refusal(abTest(t -> t.setConfidence(0.4)).build()))
        .startsWith("ab_test.confidence 0.4 must be between 0.5 and 0.999");
    assertThat(refusal(abTest(AbTest.Builder::clearDecideAt).build()))
        .startsWith("ab_test.decide_at is required");
    assertThat(refusal(abTest(t -> t.setDecideAt(timestamp(START))).build()))
        .isEqualTo(
            "ab_test.decide_at 2026-11-17T09:00:00Z must be after the start 2026-11-17T09:00:00Z"
                + " and before the deadline 2026-11-17T17:00:00Z");
    assertThat(
            refusal(abTest(t -> t.setDecideAt(timestamp(START.plus(Duration.ofHours(8))))).build()))
        .startsWith("ab_test.decide_at 2026-11-17T17:00:00Z must be after the start");
    assertThat(refusal(abTest(t -> t.setFallback("c")).build()))
        .isEqualTo("ab_test.fallback 'c' must be empty (the control, a) or the name of a variant");
    assertThat(refusal(abTest(t -> t.setMinPerVariant(-1)).build()))
        .startsWith("ab_test.min_per_variant must be 0");
    assertThat(refusal(abTest(t -> t.setMetric(AbTestMetric.AB_TEST_METRIC_CLICKS)).build()))
        .isEqualTo(
            "ab_test.metric clicks needs a tracked link ({{link}}) in every variant: variant a"
                + " has none");
  }

  @Test
  void clicksAreAcceptedWhenEveryVariantHasATrackedLink() {
    Campaign campaign =
        abTest(t -> t.setMetric(AbTestMetric.AB_TEST_METRIC_CLICKS).setFallback("b"))
            .setLandingUrl("https://boutique.example.fr/soldes")
            .clearVariants()
            .addVariants(Variant.newBuilder().setName("a").setTemplate("Soldes {{link}}"))
            .addVariants(Variant.newBuilder().setName("b").setTemplate("-20% {{link}}"))
            .build();
    AbTestPlan plan = VALIDATOR.accept(campaign, START).abTest();
    assertThat(plan.metric()).isEqualTo(AbTestMetric.AB_TEST_METRIC_CLICKS);
    assertThat(plan.fallback()).isEqualTo(1);
    assertThat(plan.confidence()).isEqualTo(0.95);
  }

  @Test
  void aCampaignWithoutTestHasNoPlan() {
    assertThat(VALIDATOR.accept(Campaigns.transactional().build(), START).abTest()).isNull();
  }

  @Test
  void theSampleIsStableAtItsShareAndIndependentOfTheVariant() {
    CompiledCampaign campaign = VALIDATOR.accept(abTest(t -> {}).build(), START);
    CompiledCampaign again = VALIDATOR.accept(abTest(t -> {}).build(), START);
    List<String> numbers = numbers(20_000);
    int inSample = 0;
    int sampleA = 0;
    for (String number : numbers) {
      boolean in = campaign.abTest().inSample(number);
      assertThat(again.abTest().inSample(number)).isEqualTo(in);
      if (in) {
        inSample++;
        if (campaign.variantFor(number).name().equals("a")) {
          sampleA++;
        }
      }
    }
    // 20% of 20,000: 4,000, standard deviation 57.
    assertThat(inSample).isBetween(3_800, 4_200);
    // Inside the sample the variants keep their 50/50 split: the two hashes do not follow.
    assertThat(sampleA / (double) inSample).isBetween(0.46, 0.54);
  }

  @Test
  void theShareIsRaisedSoThatTheSmallestVariantGetsItsMinimum() {
    List<CampaignVariant> variants =
        VALIDATOR
            .accept(
                abTest(t -> {})
                    .clearVariants()
                    .addVariants(Variant.newBuilder().setName("a").setWeight(75).setTemplate("A"))
                    .addVariants(Variant.newBuilder().setName("b").setWeight(25).setTemplate("B"))
                    .build(),
                START)
            .variants();
    // 10% of 100,000 is 10,000: b expects 2,500, above 100.
    assertThat(AbTestPlan.sharePpm(10, 100, variants, 100_000)).isEqualTo(100_000);
    // 10% of 2,000 is 200: b expects 50; b needs 100, so the sample needs 400 of 2,000: 20%.
    assertThat(AbTestPlan.sharePpm(10, 100, variants, 2_000)).isEqualTo(200_000);
    // An audience too small for the minimum is sampled whole.
    assertThat(AbTestPlan.sharePpm(10, 100, variants, 300)).isEqualTo(1_000_000);
    // No estimate: the share asked for.
    assertThat(AbTestPlan.sharePpm(10, 100, variants, 0)).isEqualTo(100_000);
  }

  @Test
  void theSamplePassQueuesTheSampleAndTheRestPassTheOthersWithTheWinner() {
    CompiledCampaign campaign = VALIDATOR.accept(abTest(t -> {}).build(), START);
    List<Contact> contacts =
        numbers(2_000).stream()
            .map(n -> Contact.newBuilder().setPhone(n).setRegion("FR").build())
            .toList();
    PageOutcome sample =
        new MessageComposer(campaign, ROUTES, UUID::randomUUID)
            .forPass(AbTestPass.sample(campaign))
            .compose(contacts, 0);
    long expected = contacts.stream().filter(c -> campaign.abTest().inSample(c.getPhone())).count();
    assertThat(sample.messages()).hasSize((int) expected);
    assertThat(sample.contacts()).isEqualTo((int) expected);
    assertThat(sample.suppressed()).isEmpty();
    assertThat(sample.tallies())
        .containsEntry(Tallies.AB_SAMPLE, expected)
        .containsEntry(Tallies.AB_WAITING, 2_000 - expected);
    assertThat(sample.messages()).extracting(OutgoingMessage::variant).contains("a", "b");

    CampaignVariant b = campaign.variants().get(1);
    Instant decided = START.plus(Duration.ofHours(2));
    PageOutcome rest =
        new MessageComposer(campaign, ROUTES, UUID::randomUUID)
            .forPass(AbTestPass.rest(campaign, b, decided, expected))
            .compose(contacts, expected);
    assertThat(rest.messages()).hasSize(2_000 - (int) expected);
    assertThat(rest.contacts()).isEqualTo(2_000 - (int) expected);
    assertThat(rest.messages())
        .allSatisfy(m -> {
          assertThat(m.variant()).isEqualTo("b");
          assertThat(m.body()).isEqualTo("Colis B");
          assertThat(m.notBefore()).isAfterOrEqualTo(decided);
        });
    Set<String> all = new HashSet<>();
    sample.messages().forEach(m -> all.add(m.destination()));
    rest.messages().forEach(m -> assertThat(all.add(m.destination())).isTrue());
    assertThat(all).hasSize(2_000);
  }
}
