package dev.relais.contacts;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.OptOutRequest;
import dev.relais.proto.contacts.v1.ResubscribeRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contacts on a shifted platform clock (clock.offset, as the local platform runs every service)
 * dates opt-outs and judges consent dates by that clock, like the services that send it those
 * dates, not by the machine's.
 */
class ContactsClockIT {

  private static final Duration OFFSET = Duration.ofDays(3);

  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    harness = new ContactsHarness(Map.of("clock.offset", OFFSET.toString()));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void optOutsAreDatedOnThePlatformClock() {
    harness.contacts.optOut(OptOutRequest.newBuilder().setPhone("+33627000001").build());
    harness.contacts.processInbound(
        InboundMessage.newBuilder().setFrom("+33627000002").setTo("36111").setText("STOP").build());

    Instant platformNow = Instant.now().plus(OFFSET);
    for (String phone : List.of("+33627000001", "+33627000002")) {
      assertThat(instant(get(phone).getOptedOutAt()))
          .isCloseTo(platformNow, within(10, ChronoUnit.MINUTES));
    }
  }

  @Test
  void consentDatesOfThePlatformsDayAreNotInTheFuture() throws Exception {
    // Two days ahead of the machine, a day behind the platform: a consent given "today".
    Instant consentAt = Instant.now().plus(Duration.ofDays(2));
    ImportReport report =
        harness.importer.importRecords(
            List.of(
                ContactRecord.newBuilder()
                    .setPhone("+33627000003")
                    .setMarketingConsent(true)
                    .setConsentAt(timestamp(consentAt))
                    .build()),
            ImportOptions.newBuilder().setList("clock").setConsentSource("web-form").build());
    assertThat(report.getRejected()).isZero();
    assertThat(get("+33627000003").getMarketingConsent()).isTrue();

    // An opt-out, then a consent given again an hour later, both on the platform's day.
    String phone = "+33627000004";
    harness.contacts.processInbound(
        InboundMessage.newBuilder()
            .setFrom(phone)
            .setTo("36111")
            .setText("STOP")
            .setReceivedAt(timestamp(consentAt))
            .build());
    harness.contacts.resubscribe(
        ResubscribeRequest.newBuilder()
            .setPhone(phone)
            .setSource("store")
            .setWording("Oui aux offres")
            .setConsentedAt(timestamp(consentAt.plus(Duration.ofHours(1))))
            .build());
    assertThat(get(phone).getOptedOut()).isFalse();
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }
}
