package dev.relais.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import dev.relais.proto.contacts.v1.ImportReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request message over the server's limit is refused at once; the server keeps serving. */
class RequestSizeLimitTest {

  private static final int MB = 1024 * 1024;

  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          // grpc-java reports a client channel another test left open when the collector finds
          // it, whenever that happens: not something this server logged.
          if (!"io.grpc.internal.ManagedChannelOrphanWrapper".equals(record.getLoggerName())) {
            logged.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger root = Logger.getLogger("");

  @BeforeEach
  void captureLogs() {
    root.addHandler(capture);
  }

  @AfterEach
  void releaseLogs() {
    root.removeHandler(capture);
  }

  @Test
  void anOversizeMessageGetsResourceExhaustedAtOnceAndNormalCallsStillWork() throws Exception {
    try (Telemetry telemetry = Telemetry.create("analytics", InMemorySpanExporter.create(), 1.0);
        ServiceServer server =
            ServiceServer.builder(
                    ServiceConfig.of("analytics", Map.of("server.maxmessage", "4194304")),
                    telemetry)
                .grpc(new EchoStats())
                .start()) {
      var stub =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry));

      // Refused for its size (RESOURCE_EXHAUSTED), not left to run into its deadline.
      assertThatThrownBy(
              () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).getCampaignStats(request(5 * MB)))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getStatus().getDescription())
                    .contains("4194304")
                    .contains("server.maxmessage");
              });

      // Under the limit but over Helidon's own 2 MiB default: the configured limit is the one
      // applied.
      CampaignStats answer =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).getCampaignStats(request(3 * MB));
      assertThat(answer.getCampaignId()).hasSize(3 * MB);
      assertThat(
              stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                  .getCampaignStats(
                      GetCampaignStatsRequest.newBuilder().setCampaignId("c1").build())
                  .getCampaignId())
          .isEqualTo("c1");
    }
    assertThat(logged)
        .as("logged with an exception: %s", thrown())
        .noneMatch(r -> r.getThrown() != null);
    assertThat(logged)
        .filteredOn(r -> r.getMessage() != null && r.getMessage().contains("larger than"))
        .hasSize(1);
  }

  @Test
  void anOversizeChunkOfAStreamedImportEndsTheCallAtOnce() throws Exception {
    try (Telemetry telemetry = Telemetry.create("contacts", InMemorySpanExporter.create(), 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("contacts", Map.of()), telemetry)
                .grpc(new CountingImport())
                .start()) {
      var stub =
          ContactsServiceGrpc.newStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry));
      CompletableFuture<ImportReport> report = new CompletableFuture<>();
      StreamObserver<ImportContactsRequest> upload =
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).importContacts(observer(report));
      upload.onNext(
          ImportContactsRequest.newBuilder()
              .setCsvChunk(ByteString.copyFrom(new byte[16 * MB]))
              .build());
      upload.onCompleted();

      // Ended for its size (RESOURCE_EXHAUSTED) before the deadline could end it.
      assertThatThrownBy(() -> report.get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }
    assertThat(logged).noneMatch(r -> r.getThrown() != null);
  }

  /** The records logged with an exception, for a failure's message. */
  private List<String> thrown() {
    return logged.stream()
        .filter(r -> r.getThrown() != null)
        .map(r ->
            r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + ": " + r.getThrown())
        .toList();
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  private static GetCampaignStatsRequest request(int bytes) {
    return GetCampaignStatsRequest.newBuilder().setCampaignId("x".repeat(bytes)).build();
  }

  /** Counts the chunks of an import. */
  private static final class CountingImport extends ContactsServiceGrpc.ContactsServiceImplBase {
    @Override
    public StreamObserver<ImportContactsRequest> importContacts(StreamObserver<ImportReport> out) {
      return new StreamObserver<>() {
        private int chunks;

        @Override
        public void onNext(ImportContactsRequest chunk) {
          chunks++;
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onNext(ImportReport.newBuilder().setRows(chunks).build());
          out.onCompleted();
        }
      };
    }
  }

  /** Answers every request with its own campaign id. */
  private static final class EchoStats extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {
    @Override
    public void getCampaignStats(
        GetCampaignStatsRequest request, StreamObserver<CampaignStats> out) {
      out.onNext(CampaignStats.newBuilder().setCampaignId(request.getCampaignId()).build());
      out.onCompleted();
    }
  }
}
