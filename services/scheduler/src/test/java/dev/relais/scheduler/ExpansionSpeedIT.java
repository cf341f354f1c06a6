package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Expands a 100,000-contact audience into the queue and reports the rate (messages queued per
 * second, from acceptance to the last page's saved progress). The number is printed, not asserted
 * against a target: on a shared 2-core machine it is a measurement, not a pass/fail criterion.
 */
class ExpansionSpeedIT {

  private static final int AUDIENCE = 100_000;
  private static SchedulerHarness harness;

  @BeforeAll
  static void start() {
    harness = new SchedulerHarness();
    harness.contacts.list(
        "everyone",
        AUDIENCE,
        i ->
            Contact.newBuilder()
                .setPhone(String.format("+336%08d", i))
                .setFirstName("Client" + i)
                .setRegion("FR")
                .setMarketingConsent(true)
                .build());
    harness.scheduler.upsertRoute(
        Route.newBuilder().setName("bulk-fr").addPrefixes("+33").setShards(16).build());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void expandsAHundredThousandContactsInSeconds() throws Exception {
    Campaign spec =
        Campaign.newBuilder()
            .setId("bench/100k")
            .setGeneration(1)
            .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
            .setSender(Sender.newBuilder().setValue("BENCH"))
            .setAudienceList("everyone")
            .setTemplate("Bonjour {{firstName|client}}, votre code est 123456.")
            .setPolicy("transactional")
            .build();

    long started = System.nanoTime();
    harness.scheduler.upsertCampaign(spec);
    CampaignStatus status = harness.awaitExpanded("bench/100k", Duration.ofMinutes(5));
    double seconds = (System.nanoTime() - started) / 1e9;

    System.out.printf(
        "ExpansionSpeedIT: %d messages queued in %.2f s = %.0f messages/s (%d audience pages)%n",
        status.getQueued(),
        seconds,
        status.getQueued() / seconds,
        harness.contacts.pagesServed.get());
    assertThat(status.getQueued()).isEqualTo(AUDIENCE);
    assertThat(harness.read("bulk-fr", m -> true)).hasSize(AUDIENCE);
  }
}
