package dev.relais.contacts;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import dev.relais.proto.contacts.v1.OptOutEntry;
import dev.relais.proto.contacts.v1.ResubscribeRequest;
import dev.relais.proto.contacts.v1.ResubscribeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An opt-out is lifted only by a new, explicit, evidenced consent: START then a confirmation reply
 * within the window, or Resubscribe with its evidence; dispatchers see the lifting in the opt-out
 * log and feed.
 */
class ResubscriptionIT {

  private static final String CONFIRMS = "+33626000001";
  private static final String START_ONLY = "+33626000002";
  private static final String STOPS_AGAIN = "+33626000003";
  private static final String NEVER_OPTED_OUT = "+33626000004";
  private static final String BY_API = "+33626000005";
  private static final String ERASED = "+33626000006";

  /** Real time minus a day: every reply of these tests happens after it, none in the future. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

  private static ContactsHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = new ContactsHarness(Map.of());
    List<ContactRecord> records =
        List.of(CONFIRMS, START_ONLY, STOPS_AGAIN, NEVER_OPTED_OUT, BY_API, ERASED).stream()
            .map(phone ->
                ContactRecord.newBuilder()
                    .setPhone(phone)
                    .setMarketingConsent(true)
                    .setConsentAt(timestamp(T0.minus(Duration.ofDays(30))))
                    .build())
            .toList();
    assertThat(
            harness
                .importer
                .importRecords(
                    records,
                    ImportOptions.newBuilder()
                        .setList("resubscribe")
                        .setConsentSource("web-form")
                        .setConsentWording("J'accepte de recevoir les offres par SMS.")
                        .build())
                .getImported())
        .isEqualTo(records.size());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void startThenOuiLiftsTheOptOutEverywhereWithItsEvidence() {
    Instant stopAt = T0;
    assertThat(reply(CONFIRMS, "STOP", stopAt).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);
    long logBefore = logPosition();

    Instant startAt = T0.plus(Duration.ofHours(2));
    assertThat(reply(CONFIRMS, "Start 36111", startAt).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_RESUBSCRIBE_REQUESTED);
    Contact pending = get(CONFIRMS);
    assertThat(pending.getOptedOut()).as("the opt-out stays until confirmed").isTrue();
    assertThat(pending.getConsentPending()).isTrue();
    assertThat(pending.getResubscribePending()).isTrue();
    assertThat(pending.getConsentRequestedAt().getSeconds()).isEqualTo(startAt.getEpochSecond());
    assertThat(logAfter(logBefore)).as("nothing lifted yet").isEmpty();

    Instant ouiAt = startAt.plus(Duration.ofHours(3));
    assertThat(reply(CONFIRMS, "oui !", ouiAt).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_OPT_OUT_LIFTED);

    Contact lifted = get(CONFIRMS);
    assertThat(lifted.getOptedOut()).isFalse();
    assertThat(lifted.hasOptedOutAt()).isFalse();
    assertThat(lifted.getMarketingConsent()).isTrue();
    assertThat(lifted.getConsentAt().getSeconds()).isEqualTo(ouiAt.getEpochSecond());
    assertThat(lifted.getConsentPending()).isFalse();
    assertThat(lifted.getResubscribePending()).isFalse();

    // Dispatchers following the log, and those loading the window by time, see the lifting.
    assertThat(logAfter(logBefore))
        .singleElement()
        .satisfies(entry -> {
          assertThat(entry.getPhone()).isEqualTo(CONFIRMS);
          assertThat(entry.getLifted()).isTrue();
        });
    List<OptOutEntry> byTime = byTime(CONFIRMS);
    assertThat(byTime).extracting(OptOutEntry::getLifted).containsExactly(false, true);

    // The history: opted out at STOP, lifted at OUI by keyword, with both replies as evidence.
    ContactExport export = export(CONFIRMS);
    assertThat(export.getOptOutsList())
        .singleElement()
        .satisfies(o -> assertThat(o.getAt().getSeconds()).isEqualTo(stopAt.getEpochSecond()));
    assertThat(export.getOptOutLiftsList())
        .singleElement()
        .satisfies(lift -> {
          assertThat(lift.getSource()).isEqualTo("KEYWORD");
          assertThat(lift.getAt().getSeconds()).isEqualTo(ouiAt.getEpochSecond());
          assertThat(lift.getOptedOutAt().getSeconds()).isEqualTo(stopAt.getEpochSecond());
        });
    assertThat(export.getConsentHistory(0).getSource()).isEqualTo("keyword");
    assertThat(export.getConsentHistory(0).getWording()).isEqualTo("Start 36111\noui !");
    assertThat(export.getConsentHistory(0).getAt().getSeconds()).isEqualTo(ouiAt.getEpochSecond());
    assertThat(export.getJson()).contains("optOutLifts");

    // A later STOP is a new opt-out, in force again.
    assertThat(reply(CONFIRMS, "STOP", ouiAt.plus(Duration.ofHours(1))).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);
    assertThat(get(CONFIRMS).getOptedOut()).isTrue();
  }

  @Test
  void startAloneChangesNothingAndExpiresAfterTheWindow() {
    // Received in the past, so that the window's end is past too.
    reply(START_ONLY, "STOP", T0.minus(Duration.ofDays(10)));
    long logBefore = logPosition();
    Instant startAt = T0.minus(Duration.ofDays(9));
    assertThat(reply(START_ONLY, "START", startAt).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_RESUBSCRIBE_REQUESTED);
    assertThat(get(START_ONLY).getOptedOut()).isTrue();

    // OUI after the 7 days: closed, still opted out, nothing lifted.
    assertThat(
            reply(START_ONLY, "OUI", startAt.plus(Duration.ofDays(7)).plusSeconds(1)).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    Contact after = get(START_ONLY);
    assertThat(after.getOptedOut()).isTrue();
    assertThat(after.getConsentPending()).isFalse();
    assertThat(logAfter(logBefore)).isEmpty();
    assertThat(export(START_ONLY).getOptOutLiftsCount()).isZero();
  }

  @Test
  void stopWhilePendingCancelsTheResubscription() {
    reply(STOPS_AGAIN, "STOP", T0);
    reply(STOPS_AGAIN, "Réabonner", T0.plusSeconds(60));
    assertThat(get(STOPS_AGAIN).getResubscribePending()).isTrue();
    reply(STOPS_AGAIN, "stop", T0.plusSeconds(120));
    assertThat(get(STOPS_AGAIN).getConsentPending()).isFalse();
    assertThat(reply(STOPS_AGAIN, "OUI", T0.plusSeconds(180)).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(get(STOPS_AGAIN).getOptedOut()).isTrue();
  }

  @Test
  void startFromSomeoneNotOptedOutIsNoRequest() {
    assertThat(reply(NEVER_OPTED_OUT, "START", T0).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(get(NEVER_OPTED_OUT).getConsentPending()).isFalse();
    assertRefused(
        resubscribe(
            NEVER_OPTED_OUT,
            r ->
                r.setSource("web-form")
                    .setWording("Oui aux offres")
                    .setConsentedAt(timestamp(T0.plusSeconds(60)))),
        Status.Code.FAILED_PRECONDITION,
        "has not opted out");
  }

  @Test
  void resubscribeNeedsEvidenceAfterTheOptOutAndThenLifts() {
    harness.contacts.optOut(
        dev.relais.proto.contacts.v1.OptOutRequest.newBuilder().setPhone(BY_API).build());
    Instant optedOutAt = instant(get(BY_API).getOptedOutAt());
    Instant consentedAt = optedOutAt.plusMillis(1);
    Consumer<ResubscribeRequest.Builder> complete =
        r -> r.setSource("store").setWording("Je veux recevoir les offres.");

    assertRefused(
        resubscribe(BY_API, r -> r.setWording("w").setConsentedAt(timestamp(consentedAt))),
        Status.Code.INVALID_ARGUMENT,
        "source is required");
    assertRefused(
        resubscribe(BY_API, r -> r.setSource("store").setConsentedAt(timestamp(consentedAt))),
        Status.Code.INVALID_ARGUMENT,
        "wording or proof is required");
    assertRefused(
        resubscribe(BY_API, complete), Status.Code.INVALID_ARGUMENT, "consented_at is required");
    assertRefused(
        resubscribe(
            BY_API,
            complete.andThen(r -> r.setConsentedAt(timestamp(Instant.now().plusSeconds(3600))))),
        Status.Code.INVALID_ARGUMENT,
        "in the future");
    assertRefused(
        resubscribe(
            BY_API, complete.andThen(r -> r.setConsentedAt(timestamp(optedOutAt.minusSeconds(1))))),
        Status.Code.INVALID_ARGUMENT,
        "after the opt-out");
    assertThat(get(BY_API).getOptedOut()).as("nothing written by a refusal").isTrue();

    long logBefore = logPosition();
    ResubscribeResponse response =
        resubscribe(
                BY_API,
                r ->
                    r.setSource("store")
                        .setProof("signed-form-4471")
                        .setConsentedAt(timestamp(consentedAt)))
            .call();
    assertThat(instant(response.getOptedOutAt())).isEqualTo(optedOutAt);
    Contact lifted = get(BY_API);
    assertThat(lifted.getOptedOut()).isFalse();
    assertThat(lifted.getMarketingConsent()).isTrue();
    assertThat(instant(lifted.getConsentAt())).isEqualTo(consentedAt);
    assertThat(logAfter(logBefore)).extracting(OptOutEntry::getLifted).containsExactly(true);
    ContactExport export = export(BY_API);
    assertThat(export.getOptOutLifts(0).getSource()).isEqualTo("API");
    assertThat(export.getConsentHistory(0).getSource()).isEqualTo("store");
    assertThat(export.getConsentHistory(0).getProof()).isEqualTo("signed-form-4471");
  }

  @Test
  void anErasedNumberComesBackOptedOutAndALiftingClearsItsSuppression() throws Exception {
    reply(ERASED, "STOP", T0);
    harness.contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(ERASED).build());
    Consumer<ResubscribeRequest.Builder> evidence =
        r ->
            r.setSource("web-form")
                .setWording("Oui")
                .setConsentedAt(timestamp(T0.plus(Duration.ofHours(1))));
    assertRefused(
        resubscribe(ERASED, evidence), Status.Code.FAILED_PRECONDITION, "import it first");

    importAgain(ERASED);
    Contact back = get(ERASED);
    assertThat(back.getOptedOut()).as("the erasure's suppression holds").isTrue();
    // The opt-out in force is the one the import restored: the new consent must follow it.
    Instant consentedAt = instant(back.getOptedOutAt()).plusMillis(1);
    resubscribe(
            ERASED,
            r -> r.setSource("web-form").setWording("Oui").setConsentedAt(timestamp(consentedAt)))
        .call();
    assertThat(get(ERASED).getOptedOut()).isFalse();

    // A later import no longer brings the old objection back.
    importAgain(ERASED);
    assertThat(get(ERASED).getOptedOut()).isFalse();
    assertThat(get(ERASED).getMarketingConsent()).isTrue();
  }

  private static void importAgain(String phone) throws Exception {
    harness.importer.importRecords(
        List.of(ContactRecord.newBuilder().setPhone(phone).build()),
        ImportOptions.newBuilder().setList("resubscribe-again").build());
  }

  /** A Resubscribe call for {@code phone}, built by {@code fields}, not sent yet. */
  private interface Call {
    ResubscribeResponse call();
  }

  private static Call resubscribe(String phone, Consumer<ResubscribeRequest.Builder> fields) {
    ResubscribeRequest.Builder request = ResubscribeRequest.newBuilder().setPhone(phone);
    fields.accept(request);
    return () -> harness.contacts.resubscribe(request.build());
  }

  private static void assertRefused(Call call, Status.Code code, String message) {
    assertThatThrownBy(call::call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  private static long logPosition() {
    return harness.contacts.listOptOuts(ListOptOutsRequest.newBuilder().build()).getLogPosition();
  }

  private static List<OptOutEntry> logAfter(long position) {
    ListOptOutsResponse page =
        harness.contacts.listOptOuts(
            ListOptOutsRequest.newBuilder().setAfterPosition(position).build());
    return page.getEntriesList();
  }

  private static List<OptOutEntry> byTime(String phone) {
    return harness
        .contacts
        .listOptOuts(ListOptOutsRequest.newBuilder().setPageSize(1000).build())
        .getEntriesList()
        .stream()
        .filter(e -> e.getPhone().equals(phone))
        .toList();
  }

  private static dev.relais.proto.contacts.v1.InboundResult reply(
      String from, String text, Instant at) {
    return harness.contacts.processInbound(
        InboundMessage.newBuilder()
            .setFrom(from)
            .setTo("36111")
            .setText(text)
            .setReceivedAt(timestamp(at))
            .build());
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  private static ContactExport export(String phone) {
    return harness.contacts.exportContact(
        ExportContactRequest.newBuilder().setPhone(phone).build());
  }
}
