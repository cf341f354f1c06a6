package dev.relais.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.ServiceTls;
import dev.relais.common.tls.TestPki;
import dev.relais.proto.analytics.v1.ConversionsServiceGrpc;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.proto.analytics.v1.RecordConversionResponse;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreateLinksResponse;
import dev.relais.proto.links.v1.EraseContactLinksRequest;
import dev.relais.proto.links.v1.EraseContactLinksResponse;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportContactLinksResponse;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkStats;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import dev.relais.proto.links.v1.ListContactMessagesResponse;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The personal-data RPCs of the scheduler (queue erasure and export), links (a contact's links and
 * messages) and analytics (conversions, which carry the customer's number), served with mutual TLS
 * over loopback: each answers the callers of the table and refuses every other component with
 * PERMISSION_DENIED before the service is reached.
 */
class PersonalDataCallersTest {

  private static final List<String> COMPONENTS =
      List.of(
          "relais-admin",
          "relais-scheduler",
          "relais-dispatch",
          "relais-contacts",
          "relais-analytics",
          "relais-links",
          "relais-operator",
          "relais-shop");

  @TempDir static Path secrets;

  private static TestPki platform;
  private static Telemetry telemetry;
  private static ServiceServer server;
  private static final Map<String, Channel> channels = new HashMap<>();
  private static final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    platform = TestPki.newCa("relais-platform-ca");
    telemetry = Telemetry.create("personal-data-callers", null, 1.0);
    server =
        ServiceServer.builder(
                ServiceConfig.of("links", platform.issue(secrets, "relais-links")), telemetry)
            .grpc(new QueueErasure())
            .grpc(new Links())
            .grpc(new Conversions())
            .start();
    HostPort address = new HostPort("127.0.0.1", server.port());
    for (String component : COMPONENTS) {
      ServiceTls tls =
          ServiceTls.from(ServiceConfig.of(component, platform.issue(secrets, component)));
      channels.put(component, GrpcChannels.connect(address, telemetry, tls));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    telemetry.close();
  }

  @Test
  void onlyContactsErasesAndExportsTheQueue() {
    assertOnlyAnswered(
        "relais.scheduler.v1.QueueErasureService/EraseQueuedMessages",
        Set.of("relais-contacts"),
        c ->
            QueueErasureServiceGrpc.newBlockingStub(c)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .eraseQueuedMessages(EraseQueuedMessagesRequest.getDefaultInstance()));
    assertOnlyAnswered(
        "relais.scheduler.v1.QueueErasureService/ExportQueuedMessages",
        Set.of("relais-contacts"),
        c ->
            QueueErasureServiceGrpc.newBlockingStub(c)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .exportQueuedMessages(ExportQueuedMessagesRequest.getDefaultInstance()));
  }

  @Test
  void aContactsLinksAreCreatedByTheSchedulerErasedAndExportedByContactsReadByAnalytics() {
    assertOnlyAnswered(
        "relais.links.v1.LinksService/CreateLinks",
        Set.of("relais-scheduler"),
        c -> links(c).createLinks(CreateLinksRequest.getDefaultInstance()));
    assertOnlyAnswered(
        "relais.links.v1.LinksService/EraseContactLinks",
        Set.of("relais-contacts"),
        c -> links(c).eraseContactLinks(EraseContactLinksRequest.getDefaultInstance()));
    assertOnlyAnswered(
        "relais.links.v1.LinksService/ExportContactLinks",
        Set.of("relais-contacts"),
        c -> links(c).exportContactLinks(ExportContactLinksRequest.getDefaultInstance()));
    assertOnlyAnswered(
        "relais.links.v1.LinksService/ListContactMessages",
        Set.of("relais-analytics"),
        c -> links(c).listContactMessages(ListContactMessagesRequest.getDefaultInstance()));
  }

  @Test
  void conversionsAreReportedByTheAdministratorOrAShop() {
    assertOnlyAnswered(
        "relais.analytics.v1.ConversionsService/RecordConversion",
        Set.of("relais-admin", "relais-shop"),
        c ->
            ConversionsServiceGrpc.newBlockingStub(c)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .recordConversion(RecordConversionRequest.getDefaultInstance()));
  }

  @Test
  void aggregatesAnswerEveryComponent() {
    assertOnlyAnswered(
        "relais.links.v1.LinksService/GetLinkStats",
        Set.copyOf(COMPONENTS),
        c -> links(c).getLinkStats(GetLinkStatsRequest.getDefaultInstance()));
  }

  /**
   * Calls {@code method} as every component: the allowed ones are answered by the service, the
   * others refused with PERMISSION_DENIED naming them, and the service never sees their calls.
   */
  private static void assertOnlyAnswered(
      String method, Set<String> allowed, Function<Channel, Object> call) {
    AtomicInteger calls = reached.computeIfAbsent(method, m -> new AtomicInteger());
    int before = calls.get();
    for (String component : COMPONENTS) {
      if (allowed.contains(component)) {
        assertThat(call.apply(channels.get(component))).as(component).isNotNull();
      } else {
        StatusRuntimeException refused =
            catchThrowableOfType(
                StatusRuntimeException.class, () -> call.apply(channels.get(component)));
        assertThat(refused).as(component + " calling " + method).isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription())
            .isEqualTo("caller " + component + " may not call " + method);
      }
    }
    assertThat(calls.get() - before).as("calls that reached " + method).isEqualTo(allowed.size());
  }

  private static LinksServiceGrpc.LinksServiceBlockingStub links(Channel channel) {
    return LinksServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static <T> void answer(String method, StreamObserver<T> response, T value) {
    reached.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    response.onNext(value);
    response.onCompleted();
  }

  private static final class QueueErasure
      extends QueueErasureServiceGrpc.QueueErasureServiceImplBase {
    @Override
    public void eraseQueuedMessages(
        EraseQueuedMessagesRequest request, StreamObserver<EraseQueuedMessagesResponse> response) {
      answer(
          QueueErasureServiceGrpc.getEraseQueuedMessagesMethod().getFullMethodName(),
          response,
          EraseQueuedMessagesResponse.getDefaultInstance());
    }

    @Override
    public void exportQueuedMessages(
        ExportQueuedMessagesRequest request,
        StreamObserver<ExportQueuedMessagesResponse> response) {
      answer(
          QueueErasureServiceGrpc.getExportQueuedMessagesMethod().getFullMethodName(),
          response,
          ExportQueuedMessagesResponse.getDefaultInstance());
    }
  }

  private static final class Links extends LinksServiceGrpc.LinksServiceImplBase {
    @Override
    public void createLinks(
        CreateLinksRequest request, StreamObserver<CreateLinksResponse> response) {
      answer(
          LinksServiceGrpc.getCreateLinksMethod().getFullMethodName(),
          response,
          CreateLinksResponse.getDefaultInstance());
    }

    @Override
    public void getLinkStats(GetLinkStatsRequest request, StreamObserver<LinkStats> response) {
      answer(
          LinksServiceGrpc.getGetLinkStatsMethod().getFullMethodName(),
          response,
          LinkStats.getDefaultInstance());
    }

    @Override
    public void eraseContactLinks(
        EraseContactLinksRequest request, StreamObserver<EraseContactLinksResponse> response) {
      answer(
          LinksServiceGrpc.getEraseContactLinksMethod().getFullMethodName(),
          response,
          EraseContactLinksResponse.getDefaultInstance());
    }

    @Override
    public void exportContactLinks(
        ExportContactLinksRequest request, StreamObserver<ExportContactLinksResponse> response) {
      answer(
          LinksServiceGrpc.getExportContactLinksMethod().getFullMethodName(),
          response,
          ExportContactLinksResponse.getDefaultInstance());
    }

    @Override
    public void listContactMessages(
        ListContactMessagesRequest request, StreamObserver<ListContactMessagesResponse> response) {
      answer(
          LinksServiceGrpc.getListContactMessagesMethod().getFullMethodName(),
          response,
          ListContactMessagesResponse.getDefaultInstance());
    }
  }

  private static final class Conversions extends ConversionsServiceGrpc.ConversionsServiceImplBase {
    @Override
    public void recordConversion(
        RecordConversionRequest request, StreamObserver<RecordConversionResponse> response) {
      answer(
          ConversionsServiceGrpc.getRecordConversionMethod().getFullMethodName(),
          response,
          RecordConversionResponse.getDefaultInstance());
    }
  }
}
