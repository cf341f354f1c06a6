package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import io.fabric8.kubernetes.api.model.Event;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Test, then send the winner, through the operator on the local platform: the quickstart's two
 * variants sent as a transactional campaign (no sending window, so every process runs on the real
 * clock and the decision time the operator computes is the scheduler's too) with an A/B test on
 * delivery. What the SMSC received shows that only the sample was sent before the decision and only
 * the winner after it; the status' decision and its Event are checked against a two-proportion
 * z-test computed here from the arms the status reports.
 */
class AbTestIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final Path WORK = Path.of("target/e2e-abtest").toAbsolutePath();
  private static final PrintStream OUT = System.out;
  private static final double CONFIDENCE = 0.95;

  private static ClusterDemo demo;
  private static Campaign campaign;
  private static SmscSimulator simulator;

  @BeforeAll
  static void runACampaignWithAnAbTest() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    campaign = manifests.campaigns().get(0);
    CampaignSpec spec = campaign.getSpec();
    spec.type = "transactional";
    spec.policy = "transactional";
    spec.variants.forEach(v -> v.weight = 1);
    spec.abTest = new CampaignSpec.AbTest();
    spec.abTest.samplePercent = 20;
    spec.abTest.minPerVariant = 20;
    // Counted from the Campaign's creation: long enough for the sample's receipts to come back.
    spec.abTest.decideAfter = "PT60S";
    spec.abTest.metric = "delivery";
    spec.abTest.confidence = CONFIDENCE;
    Path contacts = WORK.resolve("contacts.csv");
    SyntheticContacts.write(contacts, 400, 11);
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                WORK.resolve("platform"),
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                Duration.ZERO,
                Map.of("RELAIS_CAMPAIGN_IDLE_POLL", "PT1S"),
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)),
            manifests);
    demo.run(manifests, contacts, "").get(0).print(OUT);
    simulator = demo.simulator(manifests.routes().get(0).getMetadata().getName());
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theSampleIsSentFirstThenOnlyTheWinnerAsTheZTestDecides() {
    Campaign done = current();
    Campaign.AbTestStatus test = done.getStatus().abTest;
    assertThat(test).as("status.abTest of a campaign with spec.abTest").isNotNull();
    assertThat(test.stage).isEqualTo("Decided");
    assertThat(test.metric).isEqualTo("delivery");
    assertThat(test.method).isEqualTo("zTest");
    Instant created = Instant.parse(done.getMetadata().getCreationTimestamp());
    assertThat(Instant.parse(test.decideAt)).isEqualTo(created.plusSeconds(60));
    Instant decidedAt = Instant.parse(test.decidedAt);
    assertThat(decidedAt).isAfterOrEqualTo(Instant.parse(test.decideAt));

    // What the SMSC received, each message's first part, by number and time.
    List<SubmittedMessage> messages =
        simulator.received().stream()
            .filter(m -> m.part().map(p -> p.partNumber() == 1).orElse(true))
            .toList();
    Set<String> before = new HashSet<>();
    Set<String> after = new HashSet<>();
    for (SubmittedMessage message : messages) {
      if (message.receivedAt().isBefore(decidedAt)) {
        before.add(message.destinationAddress());
      } else {
        after.add(message.destinationAddress());
        assertThat(variantOf(message.text()))
            .as("every message after the decision is the winner's")
            .isEqualTo(test.winner);
      }
    }
    // Only the sample before the decision, and all of it (its messages had a minute to go): for the
    // delivery metric the arms' trials are the sample's messages queued.
    assertThat(test.arms).extracting(a -> a.variant).containsExactly("a", "b");
    long sampleQueued = test.arms.get(0).trials + test.arms.get(1).trials;
    assertThat((long) before.size()).isEqualTo(sampleQueued).isLessThanOrEqualTo(test.sample);
    assertThat((long) before.size()).isLessThan(done.getStatus().queued);
    assertThat(after).doesNotContainAnyElementsOf(before).isNotEmpty();
    assertThat((long) (before.size() + after.size())).isEqualTo(done.getStatus().queued);

    // The decision, as an independent two-proportion z-test of the arms states it.
    Campaign.AbTestArm control = test.arms.get(0);
    Campaign.AbTestArm challenger = test.arms.get(1);
    double p = twoSidedPValue(control, challenger);
    boolean conclusive = p < 1 - CONFIDENCE;
    String better = rate(challenger) > rate(control) ? "b" : "a";
    assertThat(test.conclusive).isEqualTo(conclusive);
    assertThat(test.winner).isEqualTo(conclusive ? better : "a");
    // The status shows three significant digits.
    assertThat(test.pValue).as("the z-test's p-value in the status").isNotNull();
    if (rate(challenger) > rate(control)) {
      assertThat(Double.parseDouble(test.pValue)).isCloseTo(p, within(Math.max(0.001, p * 0.01)));
    } else {
      // No variant beats the control: nothing to test, the control goes (docs/campaigns.md).
      assertThat(test.conclusive).isFalse();
      assertThat(test.winner).isEqualTo("a");
    }
    assertThat(test.reason).isNotBlank();

    List<Event> events =
        demo
            .cluster()
            .client()
            .v1()
            .events()
            .inNamespace(done.getMetadata().getNamespace())
            .list()
            .getItems()
            .stream()
            .filter(e -> done.getMetadata().getName().equals(e.getInvolvedObject().getName()))
            .filter(e -> e.getReason().startsWith("AbTest"))
            .toList();
    assertThat(events)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Normal");
          assertThat(e.getReason()).isEqualTo(conclusive ? "AbTestDecided" : "AbTestInconclusive");
          assertThat(e.getMessage()).contains(test.winner).contains(test.reason);
        });
  }

  /** Pooled two-proportion z-test, two-sided, without continuity correction. */
  static double twoSidedPValue(Campaign.AbTestArm a, Campaign.AbTestArm b) {
    double pooled = (double) (a.successes + b.successes) / (a.trials + b.trials);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.trials + 1.0 / b.trials));
    if (se == 0) {
      return 1;
    }
    double z = Math.abs(rate(b) - rate(a)) / se;
    return 2 * (1 - standardNormalCdf(z));
  }

  /** Numerical Recipes' erfc coefficients, highest power last (error below 1.2e-7). */
  private static final double[] ERFC = {
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277
  };

  /** Φ(z), the standard normal distribution function, from the complementary error function. */
  static double standardNormalCdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * x);
    double polynomial = 0;
    for (int i = ERFC.length - 1; i >= 0; i--) {
      polynomial = ERFC[i] + t * polynomial;
    }
    double upper = t * Math.exp(-x * x + polynomial) / 2;
    return z >= 0 ? 1 - upper : upper;
  }

  private static double rate(Campaign.AbTestArm arm) {
    return arm.trials == 0 ? 0 : (double) arm.successes / arm.trials;
  }

  /** The variant of a received text, known by its fixed opening words. */
  private static String variantOf(String text) {
    if (text.startsWith("Bonjour ")) {
      return "a";
    }
    assertThat(text).as("a text of variant a or b").startsWith("Dernier week-end : ");
    return "b";
  }

  private static Campaign current() {
    return demo.cluster()
        .client()
        .resources(Campaign.class)
        .inNamespace(campaign.getMetadata().getNamespace())
        .withName(campaign.getMetadata().getName())
        .get();
  }
}
