package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler's {@code GET /metrics} after it expands a real campaign into the queue. */
class SchedulerMetricsIT {

  @Test
  void theScrapeCountsQueuedMessagesAndSuppressionsPerCampaign() throws Exception {
    try (SchedulerHarness harness = new SchedulerHarness()) {
      // Every tenth contact has a number no country uses: suppressed as invalid-number.
      harness.contacts.list(
          "metrics",
          300,
          i ->
              Contact.newBuilder()
                  .setPhone(i % 10 == 0 ? "+33 12" : String.format("+337%08d", i))
                  .setRegion("FR")
                  .build());
      harness.scheduler.upsertRoute(
          Route.newBuilder().setName("metrics-fr").addPrefixes("+33").setShards(2).build());
      Map<String, String> campaign = Map.of("campaign", "shop/metrics");
      assertThat(
              MetricsScrape.of(harness.port())
                  .value("relais_scheduler_messages_queued_total", campaign))
          .isZero();

      harness.scheduler.upsertCampaign(
          Campaign.newBuilder()
              .setId("shop/metrics")
              .setGeneration(1)
              .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
              .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
              .setAudienceList("metrics")
              .setTemplate("Votre commande est prête.")
              .setPolicy("transactional")
              .setDefaultRegion("FR")
              .setDeadline(
                  Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() + 86_400))
              .build());
      CampaignStatus expanded = harness.awaitExpanded("shop/metrics", Duration.ofSeconds(60));

      MetricsScrape scrape = MetricsScrape.of(harness.port());
      assertThat(expanded.getQueued()).isEqualTo(270);
      assertThat(harness.queued("metrics-fr", "shop/metrics")).hasSize(270);
      assertThat(scrape.value("relais_scheduler_messages_queued_total", campaign)).isEqualTo(270);
      assertThat(expanded.getSuppressedMap()).containsExactly(Map.entry("invalid-number", 30L));
      assertThat(
              scrape.value(
                  "relais_scheduler_suppressions_total",
                  Map.of("campaign", "shop/metrics", "reason", "invalid-number")))
          .isEqualTo(30);
      assertThat(scrape.value("relais_scheduler_suppressions_total")).isEqualTo(30);
      scrape.assertNoPersonalData();
    }
  }
}
