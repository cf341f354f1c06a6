package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.VariantStats;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.proto.scheduler.v1.Variant;
import dev.relais.proto.scheduler.v1.VariantStatus;
import dev.relais.queue.QueuedMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A/B variants on a real Cassandra and real gRPC: a 70/30 campaign queues each contact its
 * variant's text under the variant's name, in the declared split, and a second expansion of the
 * same campaign (a scheduler that lost its progress) gives every contact the same variant again.
 */
class VariantsIT {

  private static final String ROUTE = "orange-fr";
  private static final String ID = "shop/spring-ab";
  private static final int AUDIENCE = 3_000;

  /** A past Tuesday morning in Paris: inside the fr-marketing window. */
  private static final Instant TUESDAY_10H =
      LocalDateTime.parse("2026-11-17T10:00").atZone(ZoneId.of("Europe/Paris")).toInstant();

  private static final String A = "{{firstName|Bonjour}}, -20% sur la collection printemps";
  private static final String B = "Ce week-end seulement : -20%, {{firstName|cher client}} !";

  private static Contact contact(int i) {
    return Contact.newBuilder()
        .setPhone(String.format("+336%08d", 30_000_000 + i))
        .setFirstName(i % 7 == 0 ? "" : "Client" + i)
        .setRegion("FR")
        .setMarketingConsent(true)
        .build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }

  private static Campaign.Builder abCampaign() {
    return Campaign.newBuilder()
        .setId(ID)
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_MARKETING)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP 36111"))
        .setAudienceList("spring")
        .setTemplate(A)
        .addVariants(Variant.newBuilder().setName("a").setWeight(70).setTemplate(A))
        .addVariants(Variant.newBuilder().setName("b").setWeight(30).setTemplate(B))
        .setPolicy("fr-marketing")
        .setDefaultRegion("FR")
        .setStartAt(timestamp(TUESDAY_10H))
        .setDeadline(timestamp(Instant.now().plus(Duration.ofDays(7))))
        .setMaxRate(1000);
  }

  /** Expands the campaign on a fresh scheduler; returns its status and each number's variant. */
  private static Map<String, String> expand(SchedulerHarness harness, List<VariantStatus> status)
      throws Exception {
    harness.contacts.list("spring", AUDIENCE, VariantsIT::contact);
    harness.scheduler.upsertRoute(
        Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(4).build());
    harness.scheduler.upsertCampaign(abCampaign().build());
    CampaignStatus expanded = harness.awaitExpanded(ID, Duration.ofSeconds(60));
    assertThat(expanded.getQueued()).isEqualTo(AUDIENCE);
    status.addAll(expanded.getVariantsList());

    List<QueuedMessage> queued = harness.queued(ROUTE, ID);
    assertThat(queued).hasSize(AUDIENCE);
    for (QueuedMessage m : queued) {
      int i = Integer.parseInt(m.destination().substring(4)) - 30_000_000;
      String name = contact(i).getFirstName();
      switch (m.variant()) {
        case "a" ->
            assertThat(m.body())
                .isEqualTo(
                    (name.isEmpty() ? "Bonjour" : name)
                        + ", -20% sur la collection printemps STOP 36111");
        case "b" ->
            assertThat(m.body())
                .isEqualTo(
                    "Ce week-end seulement : -20%, "
                        + (name.isEmpty() ? "cher client" : name)
                        + " ! STOP 36111");
        default -> throw new AssertionError("a message without its variant: '" + m.variant() + "'");
      }
    }
    return queued.stream()
        .collect(Collectors.toMap(QueuedMessage::destination, QueuedMessage::variant));
  }

  @Test
  void aSeventyThirtyCampaignQueuesEachContactItsVariantAndTheSameOneWhenExpandedAgain()
      throws Exception {
    Map<String, String> first;
    List<VariantStatus> status = new java.util.ArrayList<>();
    try (SchedulerHarness harness = new SchedulerHarness()) {
      first = expand(harness, status);

      // Split within 3 points of 70/30: the standard deviation over 3,000 numbers is 0.84.
      long a = first.values().stream().filter("a"::equals).count();
      assertThat(a / (double) AUDIENCE).isBetween(0.67, 0.73);
      assertThat(status)
          .extracting(VariantStatus::getName, VariantStatus::getWeight, VariantStatus::getQueued)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", 70, a),
              org.assertj.core.groups.Tuple.tuple("b", 30, AUDIENCE - a));
      assertThat(status)
          .allSatisfy(v -> {
            assertThat(v.getEncoding().getEncoding()).isEqualTo("GSM-7");
            assertThat(v.getEncoding().getParts()).isEqualTo(1);
            assertThat(v.getQueuedParts()).isEqualTo(v.getQueued());
          });

      // Delivery by variant, as analytics counts it.
      harness.analytics.set(
          CampaignStats.newBuilder()
              .setCampaignId(ID)
              .setSubmitted(100)
              .setDelivered(90)
              .addVariants(
                  VariantStats.newBuilder().setVariant("a").setSubmitted(70).setDelivered(65))
              .addVariants(
                  VariantStats.newBuilder()
                      .setVariant("b")
                      .setSubmitted(30)
                      .setDelivered(25)
                      .setUndelivered(5))
              .build());
      List<VariantStatus> counted = harness.status(ID).getVariantsList();
      assertThat(counted)
          .extracting(
              VariantStatus::getName,
              v -> v.getDelivery().getSubmitted(),
              v -> v.getDelivery().getDelivered(),
              v -> v.getDelivery().getFailed())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", 70L, 65L, 0L),
              org.assertj.core.groups.Tuple.tuple("b", 30L, 25L, 5L));
    }

    // Every page expanded again, by a scheduler without the first one's progress.
    try (SchedulerHarness again = new SchedulerHarness()) {
      Map<String, String> second = expand(again, new java.util.ArrayList<>());
      assertThat(second).isEqualTo(first);
    }
  }
}
