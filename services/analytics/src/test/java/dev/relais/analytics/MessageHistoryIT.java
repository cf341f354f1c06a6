package dev.relais.analytics;

import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_DELIVERED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_IN_DOUBT;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMITTED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMIT_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.google.protobuf.Timestamp;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetMessageHistoryRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.MessageHistory;
import dev.relais.proto.analytics.v1.MessageHistoryServiceGrpc;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GetMessageHistory reads back what RecordEvents stored, over real gRPC and Cassandra. */
class MessageHistoryIT {

  private static final String KEYSPACE =
      "it_history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private static AnalyticsServer server;
  private static Telemetry telemetry;
  private static AnalyticsServiceGrpc.AnalyticsServiceBlockingStub analytics;
  private static MessageHistoryServiceGrpc.MessageHistoryServiceBlockingStub history;
  private static CqlSession cql;

  @BeforeAll
  static void start() {
    ServiceConfig config =
        ServiceConfig.of(
            "analytics",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                KEYSPACE,
                "server.port",
                "0"));
    server = AnalyticsServer.start(config);
    telemetry = Telemetry.create(ServiceConfig.of("history-it", Map.of()));
    Channel channel = GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry);
    analytics = AnalyticsServiceGrpc.newBlockingStub(channel);
    history = MessageHistoryServiceGrpc.newBlockingStub(channel);
    cql =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "analytics"), KEYSPACE);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (cql != null) {
      SharedCassandra.dropQuietly(cql, KEYSPACE);
      cql.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  @Test
  void returnsTheEventsOfOneMessageInTheOrderTheyOccurred() {
    String campaign = "shop/spring-" + UUID.randomUUID();
    // A time-based id, as the scheduler gives them (its bucket is a time slice), and a neighbour
    // composed in the same instant, so in the same partition.
    String message = Uuids.startOf(T0.toEpochMilli()).toString();
    String neighbour = Uuids.startOf(T0.toEpochMilli() + 1).toString();
    // Recorded out of order, in two batches, as dispatch replicas would.
    record(
        event(campaign, message, EVENT_TYPE_DELIVERED, T0.plusSeconds(40))
            .setSmscMessageId("smsc-77")
            .setRoute("orange")
            .setParts(2)
            .build(),
        event(campaign, neighbour, EVENT_TYPE_SUBMIT_FAILED, T0.plusSeconds(5))
            .setErrorCode(0x0B)
            .build());
    record(
        event(campaign, message, EVENT_TYPE_SUBMITTED, T0.plusSeconds(3))
            .setSmscMessageId("smsc-77")
            .setRoute("orange")
            .setVariant("b")
            .setParts(2)
            .build(),
        event(campaign, message, EVENT_TYPE_IN_DOUBT, T0.plusSeconds(2))
            .setRoute("orange")
            .build());
    // The same id in another campaign is another message.
    record(event("shop/other", message, EVENT_TYPE_SUBMIT_FAILED, T0).setErrorCode(0x45).build());

    MessageHistory answer = history.getMessageHistory(request(campaign, message));

    assertThat(answer.getCampaignId()).isEqualTo(campaign);
    assertThat(answer.getMessageId()).isEqualTo(message);
    assertThat(answer.getEventsList())
        .extracting(MessageEvent::getType)
        .containsExactly(EVENT_TYPE_IN_DOUBT, EVENT_TYPE_SUBMITTED, EVENT_TYPE_DELIVERED);
    MessageEvent submitted = answer.getEvents(1);
    assertThat(submitted.getOccurredAt()).isEqualTo(timestamp(T0.plusSeconds(3)));
    assertThat(submitted.getSmscMessageId()).isEqualTo("smsc-77");
    assertThat(submitted.getRoute()).isEqualTo("orange");
    assertThat(submitted.getVariant()).isEqualTo("b");
    assertThat(submitted.getParts()).isEqualTo(2);
    assertThat(submitted.getErrorCode()).isZero();
    assertThat(answer.getEvents(2).getOccurredAt()).isEqualTo(timestamp(T0.plusSeconds(40)));

    MessageHistory failed = history.getMessageHistory(request(campaign, neighbour));
    assertThat(failed.getEventsList())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo(EVENT_TYPE_SUBMIT_FAILED);
          assertThat(e.getErrorCode()).isEqualTo(0x0B);
          assertThat(e.getSmscMessageId()).isEmpty();
        });
  }

  @Test
  void findsMessagesWhoseIdIsNotTimeBased() {
    String campaign = "shop/import-" + UUID.randomUUID();
    String message = "order-4711";
    record(event(campaign, message, EVENT_TYPE_SUBMITTED, T0).setSmscMessageId("x1").build());

    assertThat(history.getMessageHistory(request(campaign, message)).getEventsList())
        .extracting(MessageEvent::getSmscMessageId)
        .containsExactly("x1");
  }

  @Test
  void unknownMessageIsNotFoundAndMissingIdsAreInvalid() {
    String campaign = "shop/none-" + UUID.randomUUID();
    assertThatThrownBy(
            () -> history.getMessageHistory(request(campaign, UUID.randomUUID().toString())))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains(campaign);
            });
    assertThatThrownBy(() -> history.getMessageHistory(request("", "m1")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("campaign_id");
            });
  }

  private static void record(MessageEvent... events) {
    analytics.recordEvents(
        RecordEventsRequest.newBuilder()
            .addAllEvents(List.of(events))
            .setBatchId(UUID.randomUUID().toString())
            .build());
  }

  private static MessageEvent.Builder event(
      String campaign, String message, EventType type, Instant at) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setType(type)
        .setOccurredAt(timestamp(at));
  }

  private static GetMessageHistoryRequest request(String campaign, String message) {
    return GetMessageHistoryRequest.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .build();
  }

  private static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
