package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.VariantStats;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.AbTest;
import dev.relais.proto.scheduler.v1.AbTestArm;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.AbTestStage;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.proto.scheduler.v1.Variant;
import dev.relais.queue.QueuedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Test, then send the winner, on a real Cassandra and real gRPC: only the sample is queued before
 * decide_at; at decide_at the scheduler decides on analytics' figures and queues the winner to the
 * rest; a scheduler restarted after the decision keeps it; a decision that comes after the deadline
 * sends nothing more.
 */
class AbTestIT {

  private static final String ROUTE = "orange-fr";
  private static final int AUDIENCE = 1_000;

  private static Contact contact(int i) {
    return Contact.newBuilder()
        .setPhone(String.format("+336%08d", 40_000_000 + i))
        .setRegion("FR")
        .build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }

  private static Campaign campaign(String id, Instant decideAt, Instant deadline) {
    return Campaign.newBuilder()
        .setId(id)
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
        .setAudienceList("orders")
        .setTemplate("Votre colis arrive demain")
        .addVariants(Variant.newBuilder().setName("a").setTemplate("Votre colis arrive demain"))
        .addVariants(Variant.newBuilder().setName("b").setTemplate("Colis en route : demain !"))
        .setPolicy("transactional")
        .setDeadline(timestamp(deadline))
        .setAbTest(
            AbTest.newBuilder()
                .setSamplePercent(20)
                .setDecideAt(timestamp(decideAt))
                .setMetric(AbTestMetric.AB_TEST_METRIC_CONVERSIONS))
        .build();
  }

  private static void start(SchedulerHarness harness, Campaign campaign) {
    harness.contacts.list("orders", AUDIENCE, AbTestIT::contact);
    harness.scheduler.upsertRoute(
        Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(4).build());
    harness.scheduler.upsertCampaign(campaign);
  }

  private static CampaignStatus await(
      SchedulerHarness harness, String id, Duration timeout, Predicate<CampaignStatus> until)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    CampaignStatus status = harness.status(id);
    while (!until.test(status)) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("campaign " + id + " not there in " + timeout + ": " + status);
      }
      Thread.sleep(50);
      status = harness.status(id);
    }
    return status;
  }

  private static Map<String, String> variants(List<QueuedMessage> queued) {
    return queued.stream()
        .collect(Collectors.toMap(QueuedMessage::destination, QueuedMessage::variant));
  }

  @Test
  void theSampleGoesFirstThenTheWinnerGoesToTheRestOnceAndForAll() throws Exception {
    String id = "shop/ab-winner";
    try (SchedulerHarness harness = new SchedulerHarness()) {
      Instant decideAt = Instant.now().plusSeconds(15);
      start(harness, campaign(id, decideAt, Instant.now().plus(Duration.ofHours(2))));

      CampaignStatus waiting =
          await(
              harness,
              id,
              Duration.ofSeconds(60),
              s -> s.getAbTest().getStage() == AbTestStage.AB_TEST_STAGE_WAITING);
      assertThat(Instant.now()).isBefore(decideAt);
      long sample = waiting.getAbTest().getSample();
      // 20% of 1,000: 200, standard deviation 13.
      assertThat(sample).isBetween(150L, 250L);
      assertThat(waiting.getQueued()).isEqualTo(sample);
      assertThat(waiting.getSuppressedMap()).isEmpty();
      assertThat(waiting.getExpansionComplete()).isFalse();
      assertThat(waiting.getMessage()).startsWith("A/B test: the sample is queued");
      Map<String, String> sampled = variants(harness.queued(ROUTE, id));
      assertThat(sampled).hasSize((int) sample);
      assertThat(sampled.values()).contains("a", "b");

      // The sample's results: b converts 30 of 100 delivered, a 10 of 100.
      harness.analytics.set(
          CampaignStats.newBuilder()
              .setCampaignId(id)
              .addVariants(
                  VariantStats.newBuilder().setVariant("a").setDelivered(100).setConversions(10))
              .addVariants(
                  VariantStats.newBuilder().setVariant("b").setDelivered(100).setConversions(30))
              .build());
      CampaignStatus done = harness.awaitExpanded(id, Duration.ofSeconds(90));
      AbTestStatus decision = done.getAbTest();
      assertThat(decision.getStage()).isEqualTo(AbTestStage.AB_TEST_STAGE_DECIDED);
      assertThat(decision.getWinner()).isEqualTo("b");
      assertThat(decision.getConclusive()).isTrue();
      assertThat(decision.getSample()).isEqualTo(sample);
      assertThat(decision.getArmsList())
          .extracting(AbTestArm::getVariant, AbTestArm::getSuccesses, AbTestArm::getTrials)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", 10L, 100L),
              org.assertj.core.groups.Tuple.tuple("b", 30L, 100L));
      assertThat(decision.getReason()).startsWith("b beats a on conversions: b 30.0% (30 of 100)");
      assertThat(decision.getDecidedAt().getSeconds())
          .isGreaterThanOrEqualTo(decideAt.getEpochSecond());
      assertThat(done.getQueued()).isEqualTo(AUDIENCE);
      assertThat(done.getAudience()).isEqualTo(AUDIENCE);

      Map<String, String> all = variants(harness.queued(ROUTE, id));
      assertThat(all).hasSize(AUDIENCE);
      all.forEach(
          (number, variant) -> assertThat(variant).isEqualTo(sampled.getOrDefault(number, "b")));

      // Figures that would now favour a: a restarted scheduler keeps the decision made.
      harness.analytics.set(
          CampaignStats.newBuilder()
              .setCampaignId(id)
              .addVariants(
                  VariantStats.newBuilder().setVariant("a").setDelivered(500).setConversions(400))
              .addVariants(
                  VariantStats.newBuilder().setVariant("b").setDelivered(500).setConversions(30))
              .build());
      harness.restartScheduler();
      Thread.sleep(1_000); // ten polls of the new scheduler
      AbTestStatus kept = harness.status(id).getAbTest();
      assertThat(kept).isEqualTo(decision);
      assertThat(harness.queued(ROUTE, id)).hasSize(AUDIENCE);
    }
  }

  @Test
  void aDecisionAfterTheDeadlineSendsNothingMore() throws Exception {
    String id = "shop/ab-late";
    try (SchedulerHarness harness = new SchedulerHarness()) {
      Instant decideAt = Instant.now().plusSeconds(15);
      Instant deadline = decideAt.plusSeconds(8);
      start(harness, campaign(id, decideAt, deadline));
      CampaignStatus waiting =
          await(
              harness,
              id,
              Duration.ofSeconds(60),
              s -> s.getAbTest().getStage() == AbTestStage.AB_TEST_STAGE_WAITING);
      assertThat(Instant.now()).isBefore(decideAt);
      long sample = waiting.getAbTest().getSample();

      // The scheduler is down from before decide_at until after the deadline.
      harness.restartSchedulerAfter(Duration.between(Instant.now(), deadline).plusSeconds(1));

      CampaignStatus done = harness.awaitExpanded(id, Duration.ofSeconds(60));
      AbTestStatus decision = done.getAbTest();
      assertThat(decision.getStage()).isEqualTo(AbTestStage.AB_TEST_STAGE_DECIDED);
      assertThat(decision.getConclusive()).isFalse();
      assertThat(decision.getWinner()).isEqualTo("a");
      assertThat(decision.getReason()).endsWith(": the rest is not sent");
      assertThat(done.getQueued()).isEqualTo(sample);
      assertThat(harness.queued(ROUTE, id)).hasSize((int) sample);
    }
  }
}
