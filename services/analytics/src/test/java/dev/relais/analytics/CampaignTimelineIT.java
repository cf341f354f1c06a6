package dev.relais.analytics;

import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_DELIVERED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_EXPIRED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_QUEUED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMITTED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMIT_FAILED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_UNDELIVERED;
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
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc.AnalyticsServiceBlockingStub;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.ErrorCodeCount;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.GetCampaignTimelineRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.TimelineBucket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GetCampaignTimeline against a real Cassandra, over real gRPC on loopback. */
class CampaignTimelineIT {

  private static final String KEYSPACE =
      "it_timeline_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  /** A minute boundary, so that minutes of the test are minutes of the timeline. */
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private static AnalyticsServer server;
  private static Telemetry clientTelemetry;
  private static AnalyticsServiceBlockingStub analytics;
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
    clientTelemetry = Telemetry.create(ServiceConfig.of("timeline-it", Map.of()));
    analytics =
        AnalyticsServiceGrpc.newBlockingStub(
            GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), clientTelemetry));
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
    if (clientTelemetry != null) {
      clientTelemetry.close();
    }
  }

  @Test
  void bucketsTheCountedEventsByWhenTheyOccurredAcrossTheCampaignsPartitions() {
    String campaign = "timeline-" + UUID.randomUUID();
    // Messages composed in two pages a minute apart: their events live in two partitions.
    List<String> firstPage = messageIds(T0, 4);
    List<String> secondPage = messageIds(T0.plusSeconds(60), 3);
    List<MessageEvent> events = new ArrayList<>();
    for (String id : firstPage) {
      events.add(event(campaign, id, EVENT_TYPE_QUEUED, T0.plusSeconds(1), 0));
    }
    for (String id : secondPage) {
      events.add(event(campaign, id, EVENT_TYPE_QUEUED, T0.plusSeconds(61), 0));
    }
    // Minute 0: three of the first page submitted, one refused (0x58); two delivered.
    events.add(event(campaign, firstPage.get(0), EVENT_TYPE_SUBMITTED, T0.plusSeconds(5), 0));
    events.add(event(campaign, firstPage.get(1), EVENT_TYPE_SUBMITTED, T0.plusSeconds(6), 0));
    events.add(event(campaign, firstPage.get(2), EVENT_TYPE_SUBMITTED, T0.plusSeconds(59), 0));
    events.add(
        event(campaign, firstPage.get(3), EVENT_TYPE_SUBMIT_FAILED, T0.plusSeconds(7), 0x58));
    events.add(event(campaign, firstPage.get(0), EVENT_TYPE_DELIVERED, T0.plusSeconds(30), 0));
    events.add(event(campaign, firstPage.get(1), EVENT_TYPE_DELIVERED, T0.plusSeconds(31), 0));
    // Minute 1: the third one's receipt says undelivered (error 11), the second page is submitted.
    events.add(event(campaign, firstPage.get(2), EVENT_TYPE_UNDELIVERED, T0.plusSeconds(65), 11));
    for (String id : secondPage) {
      events.add(event(campaign, id, EVENT_TYPE_SUBMITTED, T0.plusSeconds(70), 0));
    }
    // Minute 2: two of the second page delivered, the third undelivered (error 11).
    events.add(event(campaign, secondPage.get(0), EVENT_TYPE_DELIVERED, T0.plusSeconds(130), 0));
    events.add(event(campaign, secondPage.get(1), EVENT_TYPE_DELIVERED, T0.plusSeconds(131), 0));
    events.add(event(campaign, secondPage.get(2), EVENT_TYPE_UNDELIVERED, T0.plusSeconds(132), 11));
    record(events);
    // Later, in another batch: a message already submitted reported expired, as after a crash. Its
    // slot was won by SUBMITTED: it counts neither in the stats nor in the timeline.
    record(List.of(event(campaign, firstPage.get(0), EVENT_TYPE_EXPIRED, T0.plusSeconds(200), 0)));

    CampaignTimeline timeline = timeline(campaign, 60);

    assertThat(timeline.getBucketSeconds()).isEqualTo(60);
    assertThat(timeline.getBucketsList())
        .extracting(b -> b.getStart().getSeconds() - T0.getEpochSecond())
        .containsExactly(0L, 60L, 120L);
    TimelineBucket minute0 = timeline.getBuckets(0);
    assertThat(minute0.getQueued()).isEqualTo(4);
    assertThat(minute0.getSubmitted()).isEqualTo(3);
    assertThat(minute0.getSubmitFailed()).isEqualTo(1);
    assertThat(minute0.getDelivered()).isEqualTo(2);
    TimelineBucket minute1 = timeline.getBuckets(1);
    assertThat(minute1.getQueued()).isEqualTo(3);
    assertThat(minute1.getSubmitted()).isEqualTo(3);
    assertThat(minute1.getUndelivered()).isEqualTo(1);
    assertThat(minute1.getDelivered()).isZero();
    TimelineBucket minute2 = timeline.getBuckets(2);
    assertThat(minute2.getDelivered()).isEqualTo(2);
    assertThat(minute2.getUndelivered()).isEqualTo(1);
    assertThat(minute2.getExpired()).isZero();

    assertThat(timeline.getFailuresList())
        .containsExactly(
            failure(EVENT_TYPE_UNDELIVERED, 11, 2), failure(EVENT_TYPE_SUBMIT_FAILED, 0x58, 1));

    CampaignStats stats =
        analytics.getCampaignStats(
            GetCampaignStatsRequest.newBuilder().setCampaignId(campaign).build());
    assertThat(sum(timeline, TimelineBucket::getSubmitted)).isEqualTo(stats.getSubmitted());
    assertThat(sum(timeline, TimelineBucket::getDelivered)).isEqualTo(stats.getDelivered());
    assertThat(sum(timeline, TimelineBucket::getExpired)).isEqualTo(stats.getExpired()).isZero();

    // Wider buckets regroup the same events.
    CampaignTimeline hourly = timeline(campaign, 3600);
    assertThat(hourly.getBucketsList()).hasSize(1);
    assertThat(hourly.getBuckets(0).getSubmitted()).isEqualTo(6);
    assertThat(hourly.getBuckets(0).getDelivered()).isEqualTo(4);
  }

  @Test
  void aCampaignWithoutEventsHasAnEmptyTimeline() {
    CampaignTimeline timeline = timeline("never-recorded-" + UUID.randomUUID(), 0);
    assertThat(timeline.getBucketSeconds()).isEqualTo(60);
    assertThat(timeline.getBucketsList()).isEmpty();
    assertThat(timeline.getFailuresList()).isEmpty();
  }

  @Test
  void refusesAMissingCampaignOrABucketOutOfBounds() {
    assertThatThrownBy(() -> timeline("", 60))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> timeline("c", 86_401))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("bucket_seconds");
            });
  }

  private static CampaignTimeline timeline(String campaign, int bucketSeconds) {
    return analytics.getCampaignTimeline(
        GetCampaignTimelineRequest.newBuilder()
            .setCampaignId(campaign)
            .setBucketSeconds(bucketSeconds)
            .build());
  }

  private static void record(List<MessageEvent> events) {
    analytics.recordEvents(
        RecordEventsRequest.newBuilder()
            .addAllEvents(events)
            .setBatchId(UUID.randomUUID().toString())
            .build());
  }

  /** Time-based ids of messages composed at {@code composedAt}, as the scheduler gives them. */
  private static List<String> messageIds(Instant composedAt, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(Uuids.startOf(composedAt.toEpochMilli() + i).toString());
    }
    return ids;
  }

  private static MessageEvent event(
      String campaign, String message, EventType type, Instant occurredAt, int errorCode) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setType(type)
        .setErrorCode(errorCode)
        .setOccurredAt(Timestamp.newBuilder().setSeconds(occurredAt.getEpochSecond()))
        .build();
  }

  private static ErrorCodeCount failure(EventType type, int code, long messages) {
    return ErrorCodeCount.newBuilder()
        .setType(type)
        .setErrorCode(code)
        .setMessages(messages)
        .build();
  }

  private static long sum(
      CampaignTimeline timeline, java.util.function.ToLongFunction<TimelineBucket> count) {
    return timeline.getBucketsList().stream().mapToLong(count).sum();
  }
}
