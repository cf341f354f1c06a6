package dev.relais.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import dev.relais.proto.dispatch.v1.RouteStats;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.DeliveryOutcome;
import dev.relais.smsc.MessageIdFormat;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmittedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher against real parts: Cassandra, the SMSC simulator (receipts in another id format
 * than the responses, a mix of outcomes), fake contacts and analytics over gRPC.
 */
class DispatchIT {

  /** 2,000 by default; raise it for a throughput measurement (-Drelais.dispatch.it.messages). */
  private static final int MESSAGES = Integer.getInteger("relais.dispatch.it.messages", 2000);

  private static final String CAMPAIGN = "it/spring-sale";

  private static DispatchHarness harness;

  @BeforeAll
  static void start() {
    harness =
        new DispatchHarness(
            SmscSimulatorConfig.builder()
                .dlrDelay(Duration.ofMillis(10), Duration.ofMillis(300))
                .outcomeMix(new OutcomeMix(0.8, 0.15, 0.05))
                .messageIdFormat(MessageIdFormat.HEX_UPPER)
                .receiptIdFormat(MessageIdFormat.DECIMAL)
                .seed(7),
            8);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /** The text of message {@code i}: GSM-7, UCS-2, and concatenated ones of both. */
  private static String text(int i) {
    return switch (i % 10) {
      case 0 -> "Soldes d'été n°" + i + " : -30% sur [tout] le rayon à 5€ ! ".repeat(5);
      case 1 -> "Привет " + i + ", скидка 20%";
      case 2 ->
          "Remise spéciale "
              + i
              + " ✓ sur la collection ✓ valable ce week-end ✓ STOP 36180 "
              + "✓ réservée aux clients fidèles";
      default -> "Bonjour, votre code promo n°" + i + " est SPRING. STOP 36180";
    };
  }

  private static String destination(int i) {
    return String.format("+336%08d", i);
  }

  @Test
  void everyMessageIsSubmittedOnceAndEveryOutcomeReachesAnalytics() throws Exception {
    Instant now = Instant.now();
    List<OutgoingMessage> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      messages.add(
          new OutgoingMessage(
              UUID.randomUUID(),
              CAMPAIGN,
              harness.route,
              destination(i),
              "RELAIS",
              text(i),
              now.minusSeconds(5),
              now.plus(Duration.ofHours(2)),
              i % 2 == 0 ? "A" : "B",
              true,
              1));
    }
    OutgoingMessage expired =
        new OutgoingMessage(
            UUID.randomUUID(),
            CAMPAIGN,
            harness.route,
            "+33799999999",
            "RELAIS",
            "Offre terminée",
            now.minus(Duration.ofHours(3)),
            now.minus(Duration.ofHours(1)),
            "A",
            true,
            1);
    messages.add(expired);
    harness.enqueue(messages);
    Map<String, OutgoingMessage> byId =
        messages.stream().collect(Collectors.toMap(m -> m.messageId().toString(), m -> m));

    FakeAnalytics analytics = harness.analytics;
    long started;
    long finished;
    try (DispatchServer dispatcher = harness.startDispatcher("dispatch-it-1", Map.of())) {
      assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
      started = System.nanoTime();
      await(
          Duration.ofSeconds(180),
          () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= MESSAGES);
      finished = System.nanoTime();
      await(Duration.ofSeconds(30), () -> analytics.count(EventType.EVENT_TYPE_EXPIRED) >= 1);

      // The SMSC received each message exactly once, with its text, to its number.
      for (int i = 0; i < MESSAGES; i++) {
        String number = destination(i).substring(1);
        assertThat(harness.smsc.reassembledTextsFor(number))
            .as("message %d", i)
            .containsExactly(text(i));
      }
      assertThat(harness.smsc.receivedFor("33799999999")).isEmpty();
      List<SubmittedMessage> received = harness.smsc.received();
      assertThat(received.stream().filter(r -> r.dataCoding() == 8)).isNotEmpty();
      assertThat(received.stream().filter(SubmittedMessage::isPart)).isNotEmpty();
      assertThat(received).allSatisfy(r -> assertThat(r.registeredDelivery() & 1).isEqualTo(1));

      // Analytics has one SUBMITTED per message, with the SMSC id, and EXPIRED for the expired one.
      List<MessageEvent> submitted = analytics.events(EventType.EVENT_TYPE_SUBMITTED);
      assertThat(submitted.stream().map(MessageEvent::getMessageId).distinct()).hasSize(MESSAGES);
      assertThat(submitted)
          .allSatisfy(e -> {
            assertThat(e.getSmscMessageId()).isNotEmpty();
            assertThat(e.getCampaignId()).isEqualTo(CAMPAIGN);
            assertThat(e.getRoute()).isEqualTo(harness.route);
            assertThat(e.getVariant()).isEqualTo(byId.get(e.getMessageId()).variant());
          });
      assertThat(analytics.events(EventType.EVENT_TYPE_EXPIRED))
          .extracting(MessageEvent::getMessageId)
          .containsExactly(expired.messageId().toString());
      assertThat(analytics.count(EventType.EVENT_TYPE_SUBMIT_FAILED)).isZero();

      // Receipts: every message gets DELIVERED or UNDELIVERED as the simulator decided.
      Map<String, DeliveryOutcome> expectedByNumber = new HashMap<>();
      for (SubmittedMessage r : received) {
        expectedByNumber.merge(
            r.destinationAddress(), r.outcome(), (a, b) -> a == DeliveryOutcome.DELIVERED ? b : a);
      }
      await(
          Duration.ofSeconds(60),
          () ->
              analytics.count(EventType.EVENT_TYPE_DELIVERED)
                      + analytics.count(EventType.EVENT_TYPE_UNDELIVERED)
                  >= MESSAGES);
      Map<String, EventType> outcomeById = new HashMap<>();
      for (MessageEvent e : analytics.events(EventType.EVENT_TYPE_DELIVERED)) {
        assertThat(outcomeById.put(e.getMessageId(), e.getType())).isNull();
      }
      for (MessageEvent e : analytics.events(EventType.EVENT_TYPE_UNDELIVERED)) {
        assertThat(outcomeById.put(e.getMessageId(), e.getType())).isNull();
      }
      assertThat(outcomeById).hasSize(MESSAGES);
      outcomeById.forEach((id, type) -> {
        DeliveryOutcome expected = expectedByNumber.get(byId.get(id).destination().substring(1));
        assertThat(type)
            .isEqualTo(
                expected.isDelivered()
                    ? EventType.EVENT_TYPE_DELIVERED
                    : EventType.EVENT_TYPE_UNDELIVERED);
      });
      assertThat(analytics.count(EventType.EVENT_TYPE_UNDELIVERED)).isGreaterThan(0);
      assertThat(dispatcher.stats().orphanReceipts()).isZero();

      // An MO "STOP" reaches contacts, and the opt-out is attributed to the campaign.
      harness.smsc.injectMo(destination(7), "36180", "STOP");
      await(Duration.ofSeconds(10), () -> !harness.contacts.inbound.isEmpty());
      InboundMessage mo = harness.contacts.inbound.get(0);
      assertThat(mo.getFrom()).isEqualTo(destination(7));
      assertThat(mo.getTo()).isEqualTo("36180");
      assertThat(mo.getText()).isEqualTo("STOP");
      assertThat(mo.getRoute()).isEqualTo(harness.route);
      await(Duration.ofSeconds(10), () -> analytics.count(EventType.EVENT_TYPE_OPTED_OUT) == 1);
      MessageEvent optOut = analytics.events(EventType.EVENT_TYPE_OPTED_OUT).get(0);
      assertThat(optOut.getCampaignId()).isEqualTo(CAMPAIGN);
      assertThat(byId.get(optOut.getMessageId()).destination()).isEqualTo(destination(7));

      // Route stats over gRPC: binds, shards, counts, and a queue drained to zero once committed.
      Telemetry telemetry = Telemetry.create("dispatch-it-client", null, 1.0);
      DispatchServiceGrpc.DispatchServiceBlockingStub stats =
          DispatchServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", dispatcher.port()), telemetry));
      await(
          Duration.ofSeconds(15),
          () ->
              stats
                      .getRouteStats(
                          GetRouteStatsRequest.newBuilder().setRoute(harness.route).build())
                      .getQueueDepth()
                  == 0);
      RouteStats routeStats =
          stats.getRouteStats(GetRouteStatsRequest.newBuilder().setRoute(harness.route).build());
      assertThat(routeStats.getBindsUp()).isEqualTo(2);
      assertThat(routeStats.getShardsLeased()).isEqualTo(8);
      assertThat(routeStats.getSubmitted()).isEqualTo(MESSAGES);
      assertThat(routeStats.getDrainRate()).isPositive();
      telemetry.close();
    }

    double seconds = (finished - started) / 1e9;
    double draining = analytics.spanSeconds(EventType.EVENT_TYPE_SUBMITTED);
    System.out.printf(
        "DispatchIT: %d messages (%d submit_sm) submitted and acknowledged %.2f s after the bind"
            + " (%.0f messages/s, lease taking included); %.0f messages/s from first to last"
            + " SUBMITTED; simulator peak %d submit_sm in one second%n",
        MESSAGES,
        harness.smsc.receivedCount(),
        seconds,
        MESSAGES / seconds,
        draining > 0 ? MESSAGES / draining : 0,
        harness.smsc.maxSubmitsInAnyOneSecond());

    // A second dispatcher on the same route finds every cursor committed: it sends nothing more.
    long receivedBefore = harness.smsc.receivedCount();
    int eventsBefore = harness.analytics.total();
    try (DispatchServer second = harness.startDispatcher("dispatch-it-2", Map.of())) {
      assertThat(second.awaitBound(Duration.ofSeconds(20))).isTrue();
      await(Duration.ofSeconds(20), () -> second.shardsLeased() == 8);
      Thread.sleep(3000);
      assertThat(harness.smsc.receivedCount()).isEqualTo(receivedBefore);
      assertThat(second.stats().submitted()).isZero();
    }
    assertThat(harness.analytics.count(EventType.EVENT_TYPE_SUBMITTED)).isEqualTo(MESSAGES);
    assertThat(harness.analytics.total()).isGreaterThanOrEqualTo(eventsBefore);
  }

  /** The texts a handset would show: parts of one concatenated message joined in order. */
  private static List<String> wholeTexts(List<SubmittedMessage> records) {
    List<String> texts = new ArrayList<>();
    Map<Integer, java.util.TreeMap<Integer, String>> concatenated = new HashMap<>();
    for (SubmittedMessage r : records) {
      if (r.part().isEmpty()) {
        texts.add(r.text());
      } else {
        concatenated
            .computeIfAbsent(r.part().get().reference(), k -> new java.util.TreeMap<>())
            .merge(r.part().get().partNumber(), r.text(), (a, b) -> a + "[duplicate part]" + b);
      }
    }
    concatenated.values().forEach(parts -> texts.add(String.join("", parts.values())));
    return texts;
  }

  static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
