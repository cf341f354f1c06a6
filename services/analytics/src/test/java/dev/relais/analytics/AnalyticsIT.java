package dev.relais.analytics;

import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_DELIVERED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_EXPIRED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_IN_DOUBT;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_OPTED_OUT;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMITTED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMIT_FAILED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.google.protobuf.Timestamp;
import dev.relais.analytics.events.EventBatch;
import dev.relais.analytics.events.MessageBuckets;
import dev.relais.analytics.store.CampaignCounterDao;
import dev.relais.analytics.store.EventBatchClaimDao;
import dev.relais.analytics.store.EventSlotDao;
import dev.relais.analytics.store.MessageEventDao;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.ProtoTime;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc.AnalyticsServiceBlockingStub;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.GetMessageHistoryRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.MessageHistory;
import dev.relais.proto.analytics.v1.MessageHistoryServiceGrpc;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.VariantStats;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analytics service against a real Cassandra, called over real gRPC on loopback. */
class AnalyticsIT {

  private static final Instant HISTORY_T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final String KEYSPACE =
      "it_analytics_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static Map<String, String> settings;
  private static ServiceConfig config;
  private static AnalyticsServer server;
  private static Telemetry clientTelemetry;
  private static AnalyticsServiceBlockingStub analytics;
  private static MessageHistoryServiceGrpc.MessageHistoryServiceBlockingStub history;
  private static CqlSession cql;

  @BeforeAll
  static void start() {
    settings =
        Map.of(
            "cassandra.hosts",
            SharedCassandra.contactPoint(),
            "cassandra.datacenter",
            SharedCassandra.localDatacenter(),
            "cassandra.keyspace",
            KEYSPACE,
            "server.port",
            "0");
    config = ServiceConfig.of("analytics", settings);
    server = AnalyticsServer.start(config);
    clientTelemetry = Telemetry.create(ServiceConfig.of("analytics-it", Map.of()));
    Channel channel =
        GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), clientTelemetry);
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
      // The node is shared with other modules' tests: leave nothing behind.
      SharedCassandra.dropQuietly(cql, KEYSPACE);
      cql.close();
    }
    if (clientTelemetry != null) {
      clientTelemetry.close();
    }
  }

  // GetMessageHistory (MessageHistoryService) reads back what RecordEvents stored.

  @Test
  void messageHistoryReturnsOneMessagesEventsInTheOrderTheyOccurred() {
    String campaign = "shop/spring-" + UUID.randomUUID();
    // A time-based id, as the scheduler gives them (its bucket is a time slice), and a neighbour
    // composed in the same instant, so in the same partition.
    String message = Uuids.startOf(HISTORY_T0.toEpochMilli()).toString();
    String neighbour = Uuids.startOf(HISTORY_T0.toEpochMilli() + 1).toString();
    // Recorded out of order, in two batches, as dispatch replicas would.
    recordHistory(
        historyEvent(campaign, message, EVENT_TYPE_DELIVERED, HISTORY_T0.plusSeconds(40))
            .setSmscMessageId("smsc-77")
            .setRoute("orange")
            .setParts(2)
            .build(),
        historyEvent(campaign, neighbour, EVENT_TYPE_SUBMIT_FAILED, HISTORY_T0.plusSeconds(5))
            .setErrorCode(0x0B)
            .build());
    recordHistory(
        historyEvent(campaign, message, EVENT_TYPE_SUBMITTED, HISTORY_T0.plusSeconds(3))
            .setSmscMessageId("smsc-77")
            .setRoute("orange")
            .setVariant("b")
            .setParts(2)
            .build(),
        historyEvent(campaign, message, EVENT_TYPE_IN_DOUBT, HISTORY_T0.plusSeconds(2))
            .setRoute("orange")
            .build());
    // The same id in another campaign is another message.
    recordHistory(
        historyEvent("shop/other", message, EVENT_TYPE_SUBMIT_FAILED, HISTORY_T0)
            .setErrorCode(0x45)
            .build());

    MessageHistory answer = history.getMessageHistory(historyRequest(campaign, message));

    assertThat(answer.getCampaignId()).isEqualTo(campaign);
    assertThat(answer.getMessageId()).isEqualTo(message);
    assertThat(answer.getEventsList())
        .extracting(MessageEvent::getType)
        .containsExactly(EVENT_TYPE_IN_DOUBT, EVENT_TYPE_SUBMITTED, EVENT_TYPE_DELIVERED);
    MessageEvent submitted = answer.getEvents(1);
    assertThat(submitted.getOccurredAt()).isEqualTo(historyTimestamp(HISTORY_T0.plusSeconds(3)));
    assertThat(submitted.getSmscMessageId()).isEqualTo("smsc-77");
    assertThat(submitted.getRoute()).isEqualTo("orange");
    assertThat(submitted.getVariant()).isEqualTo("b");
    assertThat(submitted.getParts()).isEqualTo(2);
    assertThat(submitted.getErrorCode()).isZero();
    assertThat(answer.getEvents(2).getOccurredAt())
        .isEqualTo(historyTimestamp(HISTORY_T0.plusSeconds(40)));

    MessageHistory failed = history.getMessageHistory(historyRequest(campaign, neighbour));
    assertThat(failed.getEventsList())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo(EVENT_TYPE_SUBMIT_FAILED);
          assertThat(e.getErrorCode()).isEqualTo(0x0B);
          assertThat(e.getSmscMessageId()).isEmpty();
        });
  }

  @Test
  void messageHistoryFindsMessagesWhoseIdIsNotTimeBased() {
    String campaign = "shop/import-" + UUID.randomUUID();
    String message = "order-4711";
    recordHistory(
        historyEvent(campaign, message, EVENT_TYPE_SUBMITTED, HISTORY_T0)
            .setSmscMessageId("x1")
            .build());

    assertThat(history.getMessageHistory(historyRequest(campaign, message)).getEventsList())
        .extracting(MessageEvent::getSmscMessageId)
        .containsExactly("x1");
  }

  @Test
  void messageHistoryOfAnUnknownMessageIsNotFoundAndMissingIdsAreInvalid() {
    String campaign = "shop/none-" + UUID.randomUUID();
    assertThatThrownBy(
            () -> history.getMessageHistory(historyRequest(campaign, UUID.randomUUID().toString())))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains(campaign);
            });
    assertThatThrownBy(() -> history.getMessageHistory(historyRequest("", "m1")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("campaign_id");
            });
  }

  private static void recordHistory(MessageEvent... events) {
    analytics.recordEvents(
        RecordEventsRequest.newBuilder()
            .addAllEvents(List.of(events))
            .setBatchId(UUID.randomUUID().toString())
            .build());
  }

  private static MessageEvent.Builder historyEvent(
      String campaign, String message, EventType type, Instant at) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setType(type)
        .setOccurredAt(historyTimestamp(at));
  }

  private static GetMessageHistoryRequest historyRequest(String campaign, String message) {
    return GetMessageHistoryRequest.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .build();
  }

  private static Timestamp historyTimestamp(Instant at) {
    return ProtoTime.timestamp(at);
  }

  @Test
  void countsEachCampaignExactly() {
    String first = campaign();
    String second = campaign();
    List<MessageEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event(first, "m" + i, EVENT_TYPE_SUBMITTED));
    }
    for (int i = 0; i < 7; i++) {
      events.add(event(first, "m" + i, EVENT_TYPE_DELIVERED));
    }
    events.add(event(first, "m7", EVENT_TYPE_UNDELIVERED));
    events.add(event(first, "m8", EVENT_TYPE_UNDELIVERED));
    events.add(event(first, "m0", EVENT_TYPE_OPTED_OUT));
    for (int i = 0; i < 4; i++) {
      events.add(event(second, "m" + i, EVENT_TYPE_SUBMITTED));
    }
    events.add(event(second, "m0", EVENT_TYPE_DELIVERED));
    events.add(event(second, "m1", EVENT_TYPE_UNDELIVERED));

    // Two batches, each mixing both campaigns, as dispatch would send them.
    assertThat(record(batchId(), events.subList(0, 13))).isEqualTo(13);
    assertThat(record(batchId(), events.subList(13, events.size()))).isEqualTo(events.size() - 13);

    CampaignStats firstStats = stats(first);
    assertThat(firstStats.getCampaignId()).isEqualTo(first);
    assertThat(firstStats.getSubmitted()).isEqualTo(10);
    assertThat(firstStats.getDelivered()).isEqualTo(7);
    assertThat(firstStats.getUndelivered()).isEqualTo(2);
    assertThat(firstStats.getOptedOut()).isEqualTo(1);
    assertThat(firstStats.getQueued()).isZero();
    assertThat(firstStats.getSubmitFailed()).isZero();
    assertThat(firstStats.getExpired()).isZero();
    assertThat(firstStats.getDeliveryRate()).isCloseTo(0.7, within(1e-9));

    CampaignStats secondStats = stats(second);
    assertThat(secondStats.getSubmitted()).isEqualTo(4);
    assertThat(secondStats.getDelivered()).isEqualTo(1);
    assertThat(secondStats.getUndelivered()).isEqualTo(1);
    assertThat(secondStats.getOptedOut()).isZero();
    assertThat(secondStats.getDeliveryRate()).isCloseTo(0.25, within(1e-9));

    assertThat(storedEvents(first)).isEqualTo(20);
    assertThat(storedEvents(second)).isEqualTo(6);
  }

  @Test
  void countsEachVariantOfACampaignApartAndInTheTotal() {
    String campaign = campaign();
    List<MessageEvent> events = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      events.add(variant(event(campaign, "a" + i, EVENT_TYPE_SUBMITTED), "a"));
    }
    for (int i = 0; i < 5; i++) {
      events.add(variant(event(campaign, "a" + i, EVENT_TYPE_DELIVERED), "a"));
    }
    for (int i = 0; i < 3; i++) {
      events.add(variant(event(campaign, "b" + i, EVENT_TYPE_SUBMITTED), "b"));
    }
    events.add(variant(event(campaign, "b0", EVENT_TYPE_UNDELIVERED), "b"));
    assertThat(record(batchId(), events)).isEqualTo(events.size());

    CampaignStats stats = stats(campaign);
    assertThat(stats.getSubmitted()).isEqualTo(10);
    assertThat(stats.getDelivered()).isEqualTo(5);
    assertThat(stats.getVariantsList())
        .extracting(
            VariantStats::getVariant,
            VariantStats::getSubmitted,
            VariantStats::getDelivered,
            VariantStats::getUndelivered)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 7L, 5L, 0L),
            org.assertj.core.groups.Tuple.tuple("b", 3L, 0L, 1L));
    assertThat(stats.getVariants(0).getDeliveryRate()).isCloseTo(5 / 7.0, within(1e-9));
  }

  private static MessageEvent variant(MessageEvent event, String variant) {
    return event.toBuilder().setVariant(variant).build();
  }

  @Test
  void storesEveryFieldOfAnEvent() {
    String campaign = campaign();
    Instant occurredAt = Instant.parse("2026-11-22T09:30:15.250Z");
    MessageEvent undelivered =
        event(campaign, "msg-1", EVENT_TYPE_UNDELIVERED).toBuilder()
            .setOccurredAt(ProtoTime.timestamp(occurredAt))
            .setRoute("orange-fr")
            .setSmscMessageId("0A1B2C")
            .setErrorCode(0x0B)
            .setVariant("B")
            .setParts(2)
            .build();
    record(batchId(), List.of(undelivered));

    Row row =
        cql.execute(
                "SELECT occurred_at, route, smsc_message_id, error_code, variant, parts,"
                    + " TTL(occurred_at) AS ttl FROM message_events WHERE campaign_id = ? AND bucket = ?"
                    + " AND message_id = ? AND type = ?",
                campaign,
                MessageBuckets.bucketOf("msg-1"),
                "msg-1",
                "UNDELIVERED")
            .one();
    assertThat(row).isNotNull();
    assertThat(row.getInstant("occurred_at")).isEqualTo(occurredAt);
    assertThat(row.getString("route")).isEqualTo("orange-fr");
    assertThat(row.getString("smsc_message_id")).isEqualTo("0A1B2C");
    assertThat(row.getInt("error_code")).isEqualTo(11);
    assertThat(row.getString("variant")).isEqualTo("B");
    assertThat(row.getInt("parts")).isEqualTo(2);
    // Raw message data expires after 180 days.
    assertThat(row.getInt("ttl")).isBetween(15_552_000 - 600, 15_552_000);
  }

  @Test
  void aBatchSentTwiceCountsOnce() {
    String campaign = campaign();
    List<MessageEvent> events =
        IntStream.range(0, 50)
            .mapToObj(i -> event(campaign, "m" + i, EVENT_TYPE_SUBMITTED))
            .toList();
    String batchId = batchId();

    assertThat(record(batchId, events)).isEqualTo(50);
    assertThat(record(batchId, events)).isZero();

    assertThat(stats(campaign).getSubmitted()).isEqualTo(50);
    assertThat(storedEvents(campaign)).isEqualTo(50);
  }

  @Test
  void anInvalidBatchIsRefusedWholeAndCountsNothing() {
    String campaign = campaign();
    List<MessageEvent> events =
        new ArrayList<>(
            List.of(
                event(campaign, "m0", EVENT_TYPE_SUBMITTED),
                event(campaign, "m1", EVENT_TYPE_SUBMITTED),
                event(campaign, "", EVENT_TYPE_DELIVERED),
                event(campaign, "m3", EVENT_TYPE_SUBMITTED)));
    String batchId = batchId();

    assertThatThrownBy(() -> record(batchId, events))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            // Only the code: Helidon's gRPC client drops grpc-message, so the readable reason
            // ("event 2: message_id is required") is asserted in AnalyticsGrpcServiceTest.
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(stats(campaign)).isEqualTo(zeroStats(campaign));
    assertThat(storedEvents(campaign)).isZero();

    // The refused batch did not burn its id: the corrected batch goes through under it.
    events.set(2, event(campaign, "m2", EVENT_TYPE_DELIVERED));
    assertThat(record(batchId, events)).isEqualTo(4);
    assertThat(stats(campaign).getSubmitted()).isEqualTo(3);
    assertThat(stats(campaign).getDelivered()).isEqualTo(1);
  }

  @Test
  void anUnknownCampaignHasAllZeroStats() {
    String campaign = campaign();
    assertThat(stats(campaign)).isEqualTo(zeroStats(campaign));
  }

  @Test
  void anEventRecordedAgainInAnotherBatchCountsOnce() {
    String campaign = campaign();
    List<MessageEvent> events = List.of(event(campaign, "m0", EVENT_TYPE_SUBMITTED));

    assertThat(record("", events)).isEqualTo(1);
    assertThat(record("", events)).isEqualTo(1);
    assertThat(record(batchId(), events)).isEqualTo(1);

    assertThat(stats(campaign).getSubmitted()).isEqualTo(1);
    assertThat(storedEvents(campaign)).isEqualTo(1);
  }

  @Test
  void aFreshFirstReportCountsAndAReReportOfItsSlotDoesNot() {
    String campaign = campaign();
    MessageEvent first = firstReport(event(campaign, "m0", EVENT_TYPE_SUBMITTED), Instant.now());

    assertThat(record(batchId(), List.of(first))).isEqualTo(1);
    // After a takeover, the next holder reports the same outcome, or the message's expiry.
    assertThat(record(batchId(), List.of(event(campaign, "m0", EVENT_TYPE_SUBMITTED))))
        .isEqualTo(1);
    assertThat(record(batchId(), List.of(event(campaign, "m0", EVENT_TYPE_EXPIRED)))).isEqualTo(1);

    CampaignStats stats = stats(campaign);
    assertThat(stats.getSubmitted()).isEqualTo(1);
    assertThat(stats.getExpired()).isZero();
  }

  @Test
  void aFirstReportRecordedLateIsReadBackLikeAnyEvent() {
    String campaign = campaign();
    assertThat(record(batchId(), List.of(event(campaign, "m0", EVENT_TYPE_EXPIRED)))).isEqualTo(1);
    // A first report whose batch was retried for a while: no longer trusted to be first.
    MessageEvent late =
        firstReport(
            event(campaign, "m0", EVENT_TYPE_SUBMITTED),
            Instant.now().minus(Duration.ofSeconds(30)));

    assertThat(record(batchId(), List.of(late))).isEqualTo(1);

    CampaignStats stats = stats(campaign);
    assertThat(stats.getExpired()).isEqualTo(1);
    assertThat(stats.getSubmitted()).isZero();
  }

  @Test
  void aResentMessageResolvesOnceAndItsReceiptsCountOnce() {
    String campaign = campaign();
    // First copy: submitted; the dispatcher dies, the message is resent (in doubt) and expires.
    record(batchId(), List.of(event(campaign, "m0", EVENT_TYPE_SUBMITTED)));
    record(
        batchId(),
        List.of(
            event(campaign, "m0", EventType.EVENT_TYPE_IN_DOUBT),
            event(campaign, "m0", EventType.EVENT_TYPE_EXPIRED),
            event(campaign, "m1", EVENT_TYPE_SUBMITTED)));
    // Receipts of both copies, in separate batches, and a duplicated one.
    record(batchId(), List.of(event(campaign, "m0", EVENT_TYPE_DELIVERED)));
    record(batchId(), List.of(event(campaign, "m0", EVENT_TYPE_UNDELIVERED)));
    record(batchId(), List.of(event(campaign, "m1", EVENT_TYPE_DELIVERED)));
    record(batchId(), List.of(event(campaign, "m1", EVENT_TYPE_DELIVERED)));
    record(batchId(), List.of(event(campaign, "m0", EventType.EVENT_TYPE_IN_DOUBT)));

    CampaignStats stats = stats(campaign);
    assertThat(stats.getSubmitted()).isEqualTo(2);
    assertThat(stats.getExpired()).isZero();
    assertThat(stats.getDelivered()).isEqualTo(2);
    assertThat(stats.getUndelivered()).isZero();
    assertThat(stats.getInDoubt()).isEqualTo(1);
    // The raw record keeps every distinct event.
    assertThat(storedEvents(campaign)).isEqualTo(7);
  }

  @Test
  void aMessageAcceptedWithoutSmscIdCountsOnceAsDeliveryUnknown() {
    String campaign = campaign();
    // m0 was accepted with an empty message_id; its dispatcher dies, and the next one reports it
    // again. m1 has an id and gets its receipt.
    record(
        batchId(),
        List.of(
            event(campaign, "m0", EVENT_TYPE_SUBMITTED),
            event(campaign, "m0", EventType.EVENT_TYPE_DELIVERY_UNKNOWN),
            event(campaign, "m1", EVENT_TYPE_SUBMITTED)));
    record(batchId(), List.of(event(campaign, "m0", EventType.EVENT_TYPE_DELIVERY_UNKNOWN)));
    record(batchId(), List.of(event(campaign, "m1", EVENT_TYPE_DELIVERED)));

    CampaignStats stats = stats(campaign);
    assertThat(stats.getSubmitted()).isEqualTo(2);
    assertThat(stats.getDeliveryUnknown()).isEqualTo(1);
    assertThat(stats.getDelivered()).isEqualTo(1);
    assertThat(stats.getUndelivered()).isZero();
  }

  @Test
  void aBatchBeingRecordedElsewhereIsRetriedLaterAndAnAbandonedClaimIsTakenOver() {
    String campaign = campaign();
    List<MessageEvent> events = List.of(event(campaign, "m0", EVENT_TYPE_SUBMITTED));
    String live = batchId();
    String abandoned = batchId();
    EventBatchClaimDao claims = new EventBatchClaimDao(cql);
    claims.claim(live, UUID.randomUUID(), Instant.now(), 1);
    claims.claim(abandoned, UUID.randomUUID(), Instant.now().minus(Duration.ofMinutes(5)), 1);

    assertThatThrownBy(() -> record(live, events))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(stats(campaign).getSubmitted()).isZero();

    // Other messages: the refused call above already claimed m0's slots for its batch id, as
    // the attempt recording that batch would have.
    List<MessageEvent> others = List.of(event(campaign, "m1", EVENT_TYPE_SUBMITTED));
    assertThat(record(abandoned, others)).isEqualTo(1);
    assertThat(record(abandoned, others)).isZero();
    assertThat(stats(campaign).getSubmitted()).isEqualTo(1);
  }

  @Test
  void aBatchThatFailsAfterItsClaimIsReleasedAndCountedOnceOnRetry() throws Exception {
    String campaign = campaign();
    EventBatch batch =
        EventBatch.of(
            List.of(
                event(campaign, "m0", EVENT_TYPE_SUBMITTED),
                event(campaign, "m1", EVENT_TYPE_SUBMITTED)));
    String batchId = batchId();
    CampaignCounterDao counters = new CampaignCounterDao(cql);
    EventBatchClaimDao claims = new EventBatchClaimDao(cql);
    // Event writes go through a session that is closed: the writes fail after the claim.
    CqlSession broken =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "analytics"), KEYSPACE);
    MessageEventDao brokenEvents = new MessageEventDao(broken);
    broken.close();
    EventRecorder failing =
        new EventRecorder(
            claims,
            brokenEvents,
            new EventSlotDao(cql),
            counters,
            Duration.ofSeconds(60),
            Clock.systemUTC());

    assertThatThrownBy(() -> failing.record(batchId, batch))
        .isInstanceOf(EventRecorder.RecordingFailedException.class);
    assertThat(stats(campaign).getSubmitted()).isZero();
    assertThat(cql.execute("SELECT * FROM event_batches WHERE batch_id = ?", batchId).one())
        .isNull();

    assertThat(record(batchId, batch.events())).isEqualTo(2);
    assertThat(stats(campaign).getSubmitted()).isEqualTo(2);
  }

  @Test
  void measuresThroughput() throws Exception {
    int total = 100_000;
    int batchSize = 500;
    int inFlight = 4;
    String campaign = campaign();
    EventType[] types = {EVENT_TYPE_SUBMITTED, EVENT_TYPE_DELIVERED, EVENT_TYPE_UNDELIVERED};
    List<List<MessageEvent>> batches = new ArrayList<>();
    for (int b = 0; b < total / batchSize; b++) {
      List<MessageEvent> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        int n = b * batchSize + i;
        batch.add(
            event(campaign, UUID.randomUUID().toString(), types[n % types.length]).toBuilder()
                .setRoute("route-a")
                .setSmscMessageId(Integer.toHexString(n))
                .setParts(1)
                .build());
      }
      batches.add(batch);
    }

    ExecutorService callers = Executors.newFixedThreadPool(inFlight);
    long started = System.nanoTime();
    List<Future<Integer>> calls = new ArrayList<>();
    for (List<MessageEvent> batch : batches) {
      calls.add(callers.submit(() -> record(batchId(), batch)));
    }
    int accepted = 0;
    for (Future<Integer> call : calls) {
      accepted += call.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    callers.shutdown();
    assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    System.out.printf(
        "analytics RecordEvents: %d events in batches of %d, %d calls in flight: %.1f s,"
            + " %.0f events/s%n",
        total, batchSize, inFlight, seconds, total / seconds);
    assertThat(accepted).isEqualTo(total);
    CampaignStats stats = stats(campaign);
    assertThat(stats.getSubmitted() + stats.getDelivered() + stats.getUndelivered())
        .isEqualTo(total);
  }

  @Test
  void anEventWithoutItsTimeIsStampedOnThePlatformClock() {
    // The local platform shifts every service's clock alike; analytics must follow it too.
    Map<String, String> shifted = new java.util.HashMap<>(settings);
    shifted.put("clock.offset", "P1D");
    String campaign = campaign();
    Instant before = Instant.now();
    try (AnalyticsServer offsetServer =
            AnalyticsServer.start(ServiceConfig.of("analytics", shifted));
        Telemetry telemetry = Telemetry.create(ServiceConfig.of("analytics-it-clock", Map.of()))) {
      AnalyticsServiceBlockingStub client =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", offsetServer.port()), telemetry));
      client
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .recordEvents(
              RecordEventsRequest.newBuilder()
                  .setBatchId(UUID.randomUUID().toString())
                  .addEvents(event(campaign, "clock-1", EVENT_TYPE_SUBMITTED))
                  .build());
    }
    Instant stamped = null;
    for (int bucket = 0; bucket < MessageBuckets.BUCKETS && stamped == null; bucket++) {
      var row =
          cql.execute(
                  "SELECT occurred_at FROM message_events WHERE campaign_id = ? AND bucket = ?",
                  campaign,
                  bucket)
              .one();
      stamped = row == null ? null : row.getInstant("occurred_at");
    }
    assertThat(stamped).isNotNull();
    assertThat(stamped).isAfterOrEqualTo(before.plus(Duration.ofDays(1)));
    assertThat(stamped).isBefore(Instant.now().plus(Duration.ofDays(1)).plusSeconds(1));
  }

  private static int record(String batchId, List<MessageEvent> events) {
    return analytics
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .recordEvents(
            RecordEventsRequest.newBuilder().setBatchId(batchId).addAllEvents(events).build())
        .getAccepted();
  }

  private static CampaignStats stats(String campaign) {
    return analytics
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(campaign).build());
  }

  private static long storedEvents(String campaign) {
    long rows = 0;
    for (int bucket = 0; bucket < MessageBuckets.BUCKETS; bucket++) {
      rows +=
          cql.execute(
                  "SELECT count(*) FROM message_events WHERE campaign_id = ? AND bucket = ?",
                  campaign,
                  bucket)
              .one()
              .getLong(0);
    }
    return rows;
  }

  private static CampaignStats zeroStats(String campaign) {
    return CampaignStats.newBuilder().setCampaignId(campaign).build();
  }

  private static MessageEvent event(String campaign, String message, EventType type) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setType(type)
        .build();
  }

  private static MessageEvent firstReport(MessageEvent event, Instant occurredAt) {
    return event.toBuilder()
        .setFirstReport(true)
        .setOccurredAt(ProtoTime.timestamp(occurredAt))
        .build();
  }

  private static String campaign() {
    return "campaign-" + UUID.randomUUID();
  }

  private static String batchId() {
    return UUID.randomUUID().toString();
  }
}
