package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Manifests applied together can hand a campaign to the scheduler before its route is declared: the
 * campaign waits, saying why, and expands once a route exists, instead of suppressing its whole
 * audience as having no route.
 */
class SchedulerNoRouteIT {

  private static SchedulerHarness harness;

  @BeforeAll
  static void start() {
    harness = new SchedulerHarness();
    harness.contacts.list(
        "early",
        200,
        i -> Contact.newBuilder().setPhone(String.format("+337%08d", i)).setRegion("FR").build());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aCampaignWaitsForItsRouteInsteadOfSuppressingEveryone() throws Exception {
    Instant now = Instant.now();
    harness.scheduler.upsertCampaign(
        Campaign.newBuilder()
            .setId("shop/early")
            .setGeneration(1)
            .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
            .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
            .setAudienceList("early")
            .setTemplate("Votre commande est prête.")
            .setPolicy("transactional")
            .setDefaultRegion("FR")
            .setDeadline(Timestamp.newBuilder().setSeconds(now.getEpochSecond() + 86_400))
            .build());

    Thread.sleep(3_000);
    CampaignStatus waiting =
        harness.scheduler.getCampaign(GetCampaignRequest.newBuilder().setId("shop/early").build());
    assertThat(waiting.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PENDING);
    assertThat(waiting.getMessage()).contains("waiting for a route");
    assertThat(waiting.getAudience()).isZero();

    harness.scheduler.upsertRoute(
        Route.newBuilder().setName("late-fr").addPrefixes("+33").setShards(2).build());
    CampaignStatus expanded = harness.awaitExpanded("shop/early", Duration.ofSeconds(60));

    assertThat(expanded.getQueued()).isEqualTo(200);
    assertThat(expanded.getSuppressedMap()).isEmpty();
  }
}
