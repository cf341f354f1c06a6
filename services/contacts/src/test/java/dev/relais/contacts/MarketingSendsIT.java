package dev.relais.contacts;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.common.time.ProtoTime;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RecordMarketingSends and the sends read back by GetContact and ListAudience. */
class MarketingSendsIT {

  private static final String ANN = "+33623000001";
  private static final String BOB = "+33623000002";
  private static final String CAT = "+33623000003";
  private static final String STRANGER = "+33623000009";

  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    harness = new ContactsHarness(Map.of());
    ImportReport report =
        harness.importer.importRecords(
            List.of(record(ANN), record(BOB), record(CAT)),
            ImportOptions.newBuilder().setList("capped").build());
    assertThat(report.getImported()).isEqualTo(3);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void eachCampaignCountsOncePerNumberAndComesBackInTheAudience() {
    Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.MILLIS);
    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    RecordMarketingSendsRequest spring =
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId("shop/spring-sale")
            .setSentAt(timestamp(tenDaysAgo))
            .addRecipients(recipient(ANN, "spring-ann"))
            .addRecipients(recipient("06 23 00 00 02", "spring-bob")) // any written form
            .addRecipients(recipient(STRANGER, "spring-stranger"))
            .addRecipients(recipient("not a number", "spring-nobody"))
            .build();

    assertThat(harness.contacts.recordMarketingSends(spring).getRecorded()).isEqualTo(3);
    // A retry of the same recording (e.g. after a timeout) adds nothing.
    assertThat(harness.contacts.recordMarketingSends(spring).getRecorded()).isEqualTo(3);
    harness.contacts.recordMarketingSends(
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId("shop/flash")
            .setSentAt(timestamp(yesterday))
            .addRecipients(recipient(ANN, "flash-ann"))
            .build());

    Map<String, List<Instant>> sends =
        audience("capped").stream()
            .collect(
                Collectors.toMap(
                    Contact::getPhone,
                    c -> c.getMarketingSendsList().stream().map(ProtoTime::instant).toList()));
    assertThat(sends)
        .containsOnlyKeys(ANN, BOB, CAT)
        .containsEntry(ANN, List.of(tenDaysAgo, yesterday))
        .containsEntry(BOB, List.of(tenDaysAgo))
        .containsEntry(CAT, List.of());
    assertThat(get(ANN).getMarketingSendsList()).hasSize(2);
    // With their campaigns, so that a campaign can leave its own send out of the cap.
    assertThat(get(ANN).getRecentMarketingList())
        .extracting(send -> send.getCampaignId(), send -> instant(send.getSentAt()))
        .containsExactly(tuple("shop/spring-sale", tenDaysAgo), tuple("shop/flash", yesterday));

    // Entries expire 90 days after the send, without any cleanup.
    int ttl =
        harness
            .session
            .execute(
                "SELECT TTL(marketing_sends['shop/spring-sale']) FROM contacts"
                    + " WHERE bucket = ? AND phone = ?",
                ContactBuckets.of(BOB),
                BOB)
            .one()
            .getInt(0);
    assertThat(Duration.ofSeconds(ttl)).isBetween(Duration.ofDays(79), Duration.ofDays(80));
    // The message of the send goes with it.
    int messageTtl =
        harness
            .session
            .execute(
                "SELECT TTL(marketing_messages['shop/spring-sale']) FROM contacts"
                    + " WHERE bucket = ? AND phone = ?",
                ContactBuckets.of(BOB),
                BOB)
            .one()
            .getInt(0);
    assertThat(messageTtl).isBetween(ttl - 60, ttl);
  }

  @Test
  void aNumberThatIsNotAContactStaysInvisible() {
    harness.contacts.recordMarketingSends(
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId("shop/spring-sale")
            .addRecipients(recipient(STRANGER, "spring-stranger"))
            .build());

    assertThatThrownBy(() -> get(STRANGER))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(audience("")).extracting(Contact::getPhone).doesNotContain(STRANGER);

    // When the number becomes a contact, it is a new one, and the send counts for its cap.
    ImportReport report =
        harness.importer.importRecords(
            List.of(record(STRANGER)), ImportOptions.newBuilder().setList("later").build());
    assertThat(report.getImported()).isEqualTo(1);
    assertThat(get(STRANGER).getMarketingSendsCount()).isEqualTo(1);
  }

  @Test
  void sendsOlderThanTheRetentionAreNotKeptAndBadRequestsAreRefused() {
    assertThat(
            harness
                .contacts
                .recordMarketingSends(
                    RecordMarketingSendsRequest.newBuilder()
                        .setCampaignId("shop/ancient")
                        .setSentAt(timestamp(Instant.now().minus(Duration.ofDays(91))))
                        .addRecipients(recipient(CAT, "ancient-cat"))
                        .build())
                .getRecorded())
        .isZero();
    assertThat(get(CAT).getMarketingSendsList()).isEmpty();

    assertThatThrownBy(() ->
            harness.contacts.recordMarketingSends(
                RecordMarketingSendsRequest.newBuilder()
                    .addRecipients(recipient(CAT, "no-campaign"))
                    .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  private static MarketingRecipient recipient(String phone, String messageId) {
    return MarketingRecipient.newBuilder().setPhone(phone).setMessageId(messageId).build();
  }

  private static ContactRecord record(String phone) {
    return ContactRecord.newBuilder().setPhone(phone).setMarketingConsent(true).build();
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  private static List<Contact> audience(String list) {
    List<Contact> found = new ArrayList<>();
    String token = "";
    do {
      ListAudienceResponse page =
          harness.contacts.listAudience(
              ListAudienceRequest.newBuilder()
                  .setFilter(AudienceFilter.newBuilder().setList(list))
                  .setPageSize(100)
                  .setPageToken(token)
                  .build());
      found.addAll(page.getContactsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return found;
  }
}
