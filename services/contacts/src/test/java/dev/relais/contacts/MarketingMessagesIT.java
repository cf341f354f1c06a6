package dev.relais.contacts;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.contacts.store.ContactBuckets;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.MarketingSend;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.proto.contacts.v1.RecordMarketingSendsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RecordMarketingSends with each recipient's message, read back by ListMarketingMessages (what
 * analytics attributes an order to) and by ExportContact.
 */
class MarketingMessagesIT {

  private static final String DAN = "+33623100001";
  private static final String EVE = "+33623100002";
  private static final String FAY = "+33623100003";
  private static final String GUS = "+33623100004";
  private static final String HAL = "+33623100005";
  private static final String IDA = "+33623100006";
  private static final String NOBODY = "+33623100009";

  private static final String SPRING_DAN = "0b9e4c52-7f3c-4d8e-9a51-0c1d2e3f4a01";
  private static final String SPRING_EVE = "0b9e4c52-7f3c-4d8e-9a51-0c1d2e3f4a02";
  private static final String FLASH_DAN = "0b9e4c52-7f3c-4d8e-9a51-0c1d2e3f4a03";
  private static final String CLEARANCE_DAN = "0b9e4c52-7f3c-4d8e-9a51-0c1d2e3f4a04";

  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    harness = new ContactsHarness(Map.of());
    ImportReport report =
        harness.importer.importRecords(
            List.of(record(DAN), record(EVE), record(FAY), record(GUS), record(HAL), record(IDA)),
            ImportOptions.newBuilder().setList("attributed").build());
    assertThat(report.getImported()).isEqualTo(6);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aNumbersMessagesComeLatestFirstWithTheirIdsAndVariants() {
    Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.MILLIS);
    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    assertThat(
            record(
                    "shop/spring-sale",
                    tenDaysAgo,
                    recipient(DAN, SPRING_DAN, "B"),
                    recipient(EVE, SPRING_EVE, "A"))
                .getRecorded())
        .isEqualTo(2);
    record("shop/flash", yesterday, recipient(DAN, FLASH_DAN, ""));
    // Sent at the same time as shop/flash: campaign ids break the tie.
    record("shop/clearance", yesterday, recipient(DAN, CLEARANCE_DAN, ""));

    // Any written form of the number, read in the region given.
    assertThat(messages("06 23 10 00 01", "FR", null))
        .extracting(
            MarketingSend::getCampaignId,
            MarketingSend::getMessageId,
            MarketingSend::getVariant,
            send -> instant(send.getSentAt()))
        .containsExactly(
            tuple("shop/clearance", CLEARANCE_DAN, "", yesterday),
            tuple("shop/flash", FLASH_DAN, "", yesterday),
            tuple("shop/spring-sale", SPRING_DAN, "B", tenDaysAgo));
    assertThat(messages(EVE, "", null))
        .extracting(MarketingSend::getCampaignId, MarketingSend::getMessageId)
        .containsExactly(tuple("shop/spring-sale", SPRING_EVE));

    // since: the messages sent at or after it.
    assertThat(messages(DAN, "", yesterday))
        .extracting(MarketingSend::getMessageId)
        .containsExactly(CLEARANCE_DAN, FLASH_DAN);
    assertThat(messages(DAN, "", yesterday.plusMillis(1))).isEmpty();
    assertThat(messages(DAN, "", tenDaysAgo)).hasSize(3);

    // Audience reads stay as they were: campaigns and times, without the messages.
    assertThat(get(DAN).getRecentMarketingList())
        .hasSize(3)
        .allSatisfy(send -> assertThat(send.getMessageId()).isEmpty());
  }

  @Test
  void aCampaignRecordedAgainKeepsOnlyItsLastMessage() {
    Instant first = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
    Instant again = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    record("shop/retry", first, recipient(FAY, "first-message", ""));
    record("shop/retry", again, recipient(FAY, "second-message", "B"));

    assertThat(messages(FAY, "", null))
        .singleElement()
        .satisfies(send -> {
          assertThat(send.getCampaignId()).isEqualTo("shop/retry");
          assertThat(send.getMessageId()).isEqualTo("second-message");
          assertThat(send.getVariant()).isEqualTo("B");
          assertThat(instant(send.getSentAt())).isEqualTo(again);
        });
  }

  @Test
  void aNumberThatIsNotAContactGetsNoMessages() {
    assertThat(
            record("shop/spring-sale", Instant.now(), recipient(NOBODY, "to-nobody", ""))
                .getRecorded())
        .isEqualTo(1);
    // Written (no read before the write)...
    assertThat(
            harness
                .session
                .execute(
                    "SELECT marketing_messages FROM contacts WHERE bucket = ? AND phone = ?",
                    ContactBuckets.of(NOBODY),
                    NOBODY)
                .one()
                .isNull("marketing_messages"))
        .isFalse();
    // ...but never returned for a number that is no contact.
    assertThat(messages(NOBODY, "", null)).isEmpty();

    assertInvalid(() -> messages("not a number", "", null), "phone");
    assertInvalid(() -> messages("06 23 10 00 01", "XX", null), "default_region");
  }

  @Test
  void aRequestWithABadItemRecordsNothing() {
    Instant now = Instant.now();
    assertInvalid(
        () -> record("shop/refused", now, recipient(GUS, "ok", ""), recipient(HAL, "", "")),
        "recipients[1]: message_id is required");
    assertInvalid(
        () ->
            record(
                "shop/refused",
                now,
                recipient(GUS, "gus-message", ""),
                recipient(HAL, "hal-message", ""),
                recipient("06 23 10 00 04", "gus-again", "")), // Gus in another written form
        "recipients[2]: same number as recipients[0] (one item per number)");
    assertInvalid(
        () -> record("shop/refused", now, recipient(GUS, "m".repeat(65), "")),
        "recipients[0]: message_id is longer than 64 characters");
    assertInvalid(
        () -> record("shop/refused", now, recipient(GUS, "ok", "v".repeat(65))),
        "recipients[0]: variant is longer than 64 characters");

    // Not even the valid items were written: no message, no send for the frequency cap.
    assertThat(messages(GUS, "", null)).isEmpty();
    assertThat(messages(HAL, "", null)).isEmpty();
    assertThat(get(GUS).getRecentMarketingList()).isEmpty();
    assertThat(get(HAL).getRecentMarketingList()).isEmpty();
  }

  @Test
  void aSendRecordedWithoutItsMessageCountsButIsNotListed() {
    Instant before = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
    // As RecordMarketingSends wrote sends before messages were recorded.
    harness.session.execute(
        "UPDATE contacts USING TTL 864000 SET marketing_sends['shop/legacy'] = ?"
            + " WHERE bucket = ? AND phone = ?",
        before,
        ContactBuckets.of(IDA),
        IDA);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    record("shop/new", now, recipient(IDA, "ida-message", "B"));

    assertThat(messages(IDA, "", null))
        .extracting(MarketingSend::getCampaignId)
        .containsExactly("shop/new");
    // The frequency cap still counts it.
    assertThat(get(IDA).getRecentMarketingList())
        .extracting(MarketingSend::getCampaignId)
        .containsExactly("shop/legacy", "shop/new");
    // The export shows every send, with its message when one was recorded.
    ContactExport export =
        harness.contacts.exportContact(ExportContactRequest.newBuilder().setPhone(IDA).build());
    assertThat(export.getMarketingSendsList())
        .extracting(
            MarketingSend::getCampaignId,
            MarketingSend::getMessageId,
            MarketingSend::getVariant,
            send -> instant(send.getSentAt()))
        .containsExactly(
            tuple("shop/legacy", "", "", before), tuple("shop/new", "ida-message", "B", now));
    assertThat(export.getJson()).contains("\"messageId\": \"ida-message\"");
  }

  private static void assertInvalid(ThrowingCallable call, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains(description)
                  .doesNotContain("+336", "06 23");
            });
  }

  private static RecordMarketingSendsResponse record(
      String campaign, Instant sentAt, MarketingRecipient... recipients) {
    return harness.contacts.recordMarketingSends(
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId(campaign)
            .setSentAt(timestamp(sentAt))
            .addAllRecipients(List.of(recipients))
            .build());
  }

  private static List<MarketingSend> messages(String phone, String region, Instant since) {
    ListMarketingMessagesRequest.Builder request =
        ListMarketingMessagesRequest.newBuilder().setPhone(phone).setDefaultRegion(region);
    if (since != null) {
      request.setSince(timestamp(since));
    }
    return harness.contacts.listMarketingMessages(request.build()).getMessagesList();
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  private static MarketingRecipient recipient(String phone, String messageId, String variant) {
    return MarketingRecipient.newBuilder()
        .setPhone(phone)
        .setMessageId(messageId)
        .setVariant(variant)
        .build();
  }

  private static ContactRecord record(String phone) {
    return ContactRecord.newBuilder().setPhone(phone).setMarketingConsent(true).build();
  }
}
