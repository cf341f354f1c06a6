package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.ServiceTls;
import dev.relais.common.tls.TestPki;
import dev.relais.contacts.client.ContactsImporter;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc.ContactsServiceBlockingStub;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contacts with mutual TLS on: the administrator imports, exports and erases; the scheduler reads
 * audiences but may not import, export or erase; only analytics reads a number's marketing
 * messages; a refused call changes nothing.
 */
class CallerAccessIT {

  private static final String PHONE = "+33625000101";
  private static final String LIST = "access";

  @TempDir static Path secrets;

  private static TestPki platform;
  private static ContactsHarness harness;
  private static Telemetry telemetry;
  private static Channel admin;
  private static Channel scheduler;
  private static Channel dispatch;
  private static Channel analytics;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPki.newCa("relais-platform-ca");
    harness = new ContactsHarness(platform.issue(secrets, "relais-contacts"));
    telemetry = Telemetry.create("contacts-access-it", null, 1.0);
    admin = connect("relais-admin");
    scheduler = connect("relais-scheduler");
    dispatch = connect("relais-dispatch");
    analytics = connect("relais-analytics");
    new ContactsImporter(admin, Duration.ofMinutes(1))
        .importRecords(List.of(record(PHONE)), options());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  @Test
  void theAdministratorExportsWhatItImported() {
    assertThat(contacts(admin).exportContact(export(PHONE)).getContact().getFirstName())
        .isEqualTo("Léa");
  }

  @Test
  void theSchedulerReadsItsAudienceButMayNotExport() {
    var audience =
        contacts(scheduler)
            .listAudience(
                ListAudienceRequest.newBuilder()
                    .setFilter(AudienceFilter.newBuilder().setList(LIST))
                    .setPageSize(10)
                    .build());
    assertThat(audience.getContactsList()).extracting(c -> c.getPhone()).contains(PHONE);

    assertDenied(
        () -> contacts(scheduler).exportContact(export(PHONE)),
        "relais-scheduler",
        "ExportContact");
  }

  @Test
  void noOtherComponentMayEraseAndARefusedErasureErasesNothing() {
    assertDenied(
        () -> contacts(scheduler).eraseContact(erase(PHONE)), "relais-scheduler", "EraseContact");
    assertDenied(
        () -> contacts(dispatch).eraseContact(erase(PHONE)), "relais-dispatch", "EraseContact");

    assertThat(contacts(admin).exportContact(export(PHONE)).getPhone()).isEqualTo(PHONE);
  }

  @Test
  void onlyTheAdministratorImports() {
    String phone = "+33625000102";
    assertDenied(
        () ->
            new ContactsImporter(scheduler, Duration.ofMinutes(1))
                .importRecords(List.of(record(phone)), options()),
        "relais-scheduler",
        "ImportContacts");

    assertThatThrownBy(() -> contacts(admin).exportContact(export(phone)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void theAdministratorErases() {
    String phone = "+33625000103";
    new ContactsImporter(admin, Duration.ofMinutes(1))
        .importRecords(List.of(record(phone)), options());

    assertThat(contacts(admin).eraseContact(erase(phone)).getFound()).isTrue();
    assertThatThrownBy(() -> contacts(admin).exportContact(export(phone)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void onlyAnalyticsReadsTheMarketingMessagesTheSchedulerRecorded() {
    contacts(scheduler)
        .recordMarketingSends(
            RecordMarketingSendsRequest.newBuilder()
                .setCampaignId("shop/access")
                .addRecipients(
                    MarketingRecipient.newBuilder().setPhone(PHONE).setMessageId("access-message"))
                .build());

    assertThat(contacts(analytics).listMarketingMessages(messages(PHONE)).getMessagesList())
        .extracting(send -> send.getMessageId())
        .containsExactly("access-message");
    Map.of("relais-admin", admin, "relais-scheduler", scheduler, "relais-dispatch", dispatch)
        .forEach((identity, channel) ->
            assertDenied(
                () -> contacts(channel).listMarketingMessages(messages(PHONE)),
                identity,
                "ListMarketingMessages"));
  }

  private static void assertDenied(ThrowingCallable call, String caller, String method) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "caller "
                          + caller
                          + " may not call relais.contacts.v1.ContactsService/"
                          + method);
            });
  }

  private static Channel connect(String identity) throws Exception {
    ServiceTls tls = ServiceTls.from(ServiceConfig.of(identity, platform.issue(secrets, identity)));
    return GrpcChannels.connect(new HostPort("127.0.0.1", harness.server.port()), telemetry, tls);
  }

  private static ContactsServiceBlockingStub contacts(Channel channel) {
    return ContactsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static ContactRecord record(String phone) {
    return ContactRecord.newBuilder().setPhone(phone).setFirstName("Léa").build();
  }

  private static ImportOptions options() {
    return ImportOptions.newBuilder().setList(LIST).build();
  }

  private static ExportContactRequest export(String phone) {
    return ExportContactRequest.newBuilder().setPhone(phone).build();
  }

  private static ListMarketingMessagesRequest messages(String phone) {
    return ListMarketingMessagesRequest.newBuilder().setPhone(phone).build();
  }

  private static EraseContactRequest erase(String phone) {
    return EraseContactRequest.newBuilder().setPhone(phone).build();
  }
}
