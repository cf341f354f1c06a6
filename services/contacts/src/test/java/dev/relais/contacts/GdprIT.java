package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.MarketingSend;
import dev.relais.proto.contacts.v1.OptOutEntry;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EraseContact leaves nothing but a suppression hash; ExportContact returns everything held. */
class GdprIT {

  private static final String MESSAGE_ID = "5f0c1b9e-2b8e-11f1-8f0a-6c1d2e3f4a5b";

  private static final String WORDING = "J'accepte de recevoir les offres de Boulangerie Paul.";

  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    harness = new ContactsHarness(Map.of("privacy.key", "it-secret-key"));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void exportHoldsEverythingAndErasureLeavesOnlyTheSuppressionHash() {
    String phone = "+33625000001";
    int bucket = ContactBuckets.of(phone);
    importContact(phone, "gdpr");
    harness.contacts.processInbound(
        InboundMessage.newBuilder().setFrom(phone).setTo("36180").setText("STOP").build());
    harness.contacts.recordMarketingSends(
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId("bakery/croissants")
            .addRecipients(
                MarketingRecipient.newBuilder()
                    .setPhone(phone)
                    .setMessageId(MESSAGE_ID)
                    .setVariant("B"))
            .build());

    ContactExport export = export(phone);
    assertThat(export.getPhone()).isEqualTo(phone);
    assertThat(export.getContact().getFirstName()).isEqualTo("Léa");
    assertThat(export.getContact().getAttributesMap()).containsEntry("loyalty", "gold");
    assertThat(export.getContact().getListsList()).containsExactly("gdpr");
    assertThat(export.getContact().getOptedOut()).isTrue();
    assertThat(export.getConsentHistoryList())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getSource()).isEqualTo("web-form");
          assertThat(e.getWording()).isEqualTo(WORDING);
          assertThat(e.getGranted()).isTrue();
        });
    assertThat(export.getOptOutsList())
        .singleElement()
        .satisfies(o -> assertThat(o.getSource()).isEqualTo("KEYWORD"));
    assertThat(export.getMarketingSendsList())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.getCampaignId()).isEqualTo("bakery/croissants");
          assertThat(s.getMessageId()).isEqualTo(MESSAGE_ID);
          assertThat(s.getVariant()).isEqualTo("B");
        });
    assertThat(export.getSuppressedAfterErasure()).isFalse();
    // This contacts runs without a scheduler: the export says the queue was not searched.
    assertThat(export.getQueueSearched()).isFalse();
    // Nor a links service: no tracked link was searched, and the export says so.
    assertThat(export.getLinksSearched()).isFalse();
    assertThat(export.getTrackedLinksList()).isEmpty();
    assertThat(export.getJson())
        .contains("\"phone\": \"+33625000001\"")
        .contains("\"consentHistory\"")
        .contains(WORDING.replace("'", "\\u0027"))
        .contains("bakery/croissants")
        .contains("\"messageId\": \"" + MESSAGE_ID + "\"")
        .contains("\"queueSearched\": false")
        .contains("\"linksSearched\": false");
    assertThat(feedPhones()).contains(phone);

    EraseContactResponse erased = erase(phone);

    assertThat(erased.getFound()).isTrue();
    assertThat(erased.getSuppressionKept()).isTrue();
    assertThat(rows("SELECT phone FROM contacts WHERE bucket = ? AND phone = ?", bucket, phone))
        .isEmpty();
    assertThat(
            rows("SELECT phone FROM consent_events WHERE bucket = ? AND phone = ?", bucket, phone))
        .isEmpty();
    assertThat(rows("SELECT phone FROM opt_outs WHERE bucket = ? AND phone = ?", bucket, phone))
        .isEmpty();
    assertThat(rows("SELECT phone FROM opt_out_feed WHERE phone = ? ALLOW FILTERING", phone))
        .isEmpty();
    assertThat(feedPhones()).doesNotContain(phone);
    List<Row> suppression = rows("SELECT hash FROM erased_suppressions WHERE bucket = ?", bucket);
    assertThat(suppression).hasSize(1);
    assertThat(suppression.get(0).getString("hash")).hasSize(64).doesNotContain("33625000001");
    // The consent wording is shared text, not about this person: it stays.
    assertThat(rows("SELECT wording FROM consent_wordings")).isNotEmpty();

    assertThatThrownBy(() -> get(phone))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(audience("gdpr")).doesNotContain(phone);
    ContactExport afterwards = export(phone);
    assertThat(afterwards.hasContact()).isFalse();
    assertThat(afterwards.getConsentHistoryCount()).isZero();
    assertThat(afterwards.getSuppressedAfterErasure()).isTrue();
    // The marketing sends and their messages went with the contact row.
    assertThat(afterwards.getMarketingSendsList()).isEmpty();
    assertThat(afterwards.getJson()).doesNotContain(MESSAGE_ID);
    assertThat(marketingMessages(phone)).isEmpty();

    // A CRM export brings the number back with a consent: the objection still holds.
    importContact(phone, "gdpr-again");
    Contact back = get(phone);
    assertThat(back.getOptedOut()).isTrue();
    // A contact again, yet without the messages sent before the erasure.
    assertThat(marketingMessages(phone)).isEmpty();
    assertThat(export(phone).getOptOutsList())
        .singleElement()
        .satisfies(o -> assertThat(o.getSource()).isEqualTo("SUPPRESSION"));
  }

  @Test
  void aNumberThatNeverOptedOutIsErasedWithoutTrace() {
    String phone = "+33625000002";
    int bucket = ContactBuckets.of(phone);
    importContact(phone, "gdpr");

    EraseContactResponse erased = erase("06 25 00 00 02");

    assertThat(erased.getFound()).isTrue();
    assertThat(erased.getSuppressionKept()).isFalse();
    assertThat(rows("SELECT phone FROM contacts WHERE bucket = ? AND phone = ?", bucket, phone))
        .isEmpty();
    assertThat(
            rows("SELECT phone FROM consent_events WHERE bucket = ? AND phone = ?", bucket, phone))
        .isEmpty();
    assertThatThrownBy(() -> export(phone))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    // Coming back, it is a new contact like any other.
    importContact(phone, "gdpr");
    assertThat(get(phone).getOptedOut()).isFalse();
  }

  @Test
  void erasingAnUnknownNumberFindsNothing() {
    EraseContactResponse erased = erase("+33625000009");
    assertThat(erased.getFound()).isFalse();
    assertThat(erased.getSuppressionKept()).isFalse();
    // This contacts runs without a scheduler: it says the queue was not searched.
    assertThat(erased.getQueueSearched()).isFalse();
    assertThat(erased.getQueuedMessagesErased()).isZero();
    assertThat(erased.getLinksSearched()).isFalse();
    assertThatThrownBy(() -> erase("not a number"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  private static void importContact(String phone, String list) {
    harness.importer.importRecords(
        List.of(
            ContactRecord.newBuilder()
                .setPhone(phone)
                .setFirstName("Léa")
                .putAttributes("loyalty", "gold")
                .setMarketingConsent(true)
                .build()),
        ImportOptions.newBuilder()
            .setList(list)
            .setConsentSource("web-form")
            .setConsentWording(WORDING)
            .build());
  }

  private static List<MarketingSend> marketingMessages(String phone) {
    return harness
        .contacts
        .listMarketingMessages(ListMarketingMessagesRequest.newBuilder().setPhone(phone).build())
        .getMessagesList();
  }

  private static EraseContactResponse erase(String phone) {
    return harness.contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(phone).build());
  }

  private static ContactExport export(String phone) {
    return harness.contacts.exportContact(
        ExportContactRequest.newBuilder().setPhone(phone).build());
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  private static List<Row> rows(String cql, Object... values) {
    return harness.session.execute(cql, values).all();
  }

  private static List<String> feedPhones() {
    return harness
        .contacts
        .listOptOuts(ListOptOutsRequest.newBuilder().setPageSize(1000).build())
        .getEntriesList()
        .stream()
        .map(OptOutEntry::getPhone)
        .toList();
  }

  private static List<String> audience(String list) {
    List<String> phones = new ArrayList<>();
    String token = "";
    do {
      var page =
          harness.contacts.listAudience(
              ListAudienceRequest.newBuilder()
                  .setFilter(AudienceFilter.newBuilder().setList(list))
                  .setPageSize(100)
                  .setPageToken(token)
                  .build());
      page.getContactsList().forEach(c -> phones.add(c.getPhone()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return phones;
  }
}
