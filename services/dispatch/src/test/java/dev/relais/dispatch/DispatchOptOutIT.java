package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.submit.SubmitStatus;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmittedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * "An opted-out number receives no marketing SMS after the opt-out is recorded, including messages
 * already queued": messages queued for numbers that opt out afterwards (through contacts' API, or a
 * STOP reply handled by this very dispatcher) are never submitted but still resolved, while
 * transactional messages to the same number still go.
 */
class DispatchOptOutIT {

  private static final String CAMPAIGN = "it/opt-out";
  private static final String OPTS_OUT_BY_API = "+33611110001";
  private static final String STAYS = "+33611110002";
  private static final String OPTED_OUT_BEFORE_START = "+33611110003";
  private static final String REPLIES_STOP = "+33611110004";

  @Test
  void marketingQueuedBeforeAnOptOutIsNeverSentButResolved() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder().dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50));
    try (DispatchHarness harness = new DispatchHarness(smsc, 2)) {
      harness.contacts.optOut(OPTED_OUT_BEFORE_START);
      try (DispatchServer dispatcher =
          harness.startDispatcher("dispatch-optout-it", Map.of("dispatch.optoutpoll", "PT0.2S"))) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();

        // Queued now, due in a few seconds (as quiet hours would defer them).
        Instant now = Instant.now();
        Instant due = now.plusSeconds(4);
        List<OutgoingMessage> messages = new ArrayList<>();
        List<OutgoingMessage> transactional = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          messages.add(message(harness.route, OPTS_OUT_BY_API, "Promo " + i, true, due));
          messages.add(message(harness.route, STAYS, "Promo " + i, true, due));
          messages.add(message(harness.route, REPLIES_STOP, "Promo " + i, true, due));
        }
        for (int i = 0; i < 2; i++) {
          OutgoingMessage code =
              message(harness.route, OPTS_OUT_BY_API, "Votre code: 12345" + i, false, due);
          transactional.add(code);
          messages.add(code);
          messages.add(
              message(
                  harness.route, OPTED_OUT_BEFORE_START, "Promo " + i, true, now.minusSeconds(1)));
        }
        harness.enqueue(messages);

        // After queueing: one opt-out through contacts, one STOP reply through this dispatcher.
        harness.contacts.optOut(OPTS_OUT_BY_API);
        harness.smsc.injectMo(REPLIES_STOP, "36180", "STOP");
        await(Duration.ofSeconds(10), () -> !harness.contacts.inbound.isEmpty());
        assertThat(Instant.now()).as("opt-outs recorded before the messages are due").isBefore(due);

        // Every message gets exactly one outcome, and the queue drains: cursors committed.
        FakeAnalytics analytics = harness.analytics;
        await(
            Duration.ofSeconds(60),
            () ->
                analytics.count(EventType.EVENT_TYPE_SUBMITTED)
                        + analytics.count(EventType.EVENT_TYPE_EXPIRED)
                    >= messages.size());
        await(Duration.ofSeconds(30), () -> harness.queue.depth(harness.route) == 0);

        assertThat(received(harness, OPTS_OUT_BY_API))
            .containsExactlyInAnyOrderElementsOf(
                transactional.stream().map(OutgoingMessage::body).toList());
        assertThat(received(harness, REPLIES_STOP)).isEmpty();
        assertThat(received(harness, OPTED_OUT_BEFORE_START)).isEmpty();
        assertThat(received(harness, STAYS)).hasSize(4);

        Map<String, OutgoingMessage> byId =
            messages.stream()
                .collect(Collectors.toMap(m -> m.messageId().toString(), Function.identity()));
        List<MessageEvent> suppressed = analytics.events(EventType.EVENT_TYPE_EXPIRED);
        assertThat(suppressed)
            .hasSize(10)
            .allSatisfy(e -> {
              assertThat(e.getErrorCode()).isEqualTo(SubmitStatus.OPTED_OUT);
              assertThat(byId.get(e.getMessageId()).marketing()).isTrue();
            });
        assertThat(suppressed.stream().map(e -> byId.get(e.getMessageId()).destination()))
            .containsOnly(OPTS_OUT_BY_API, REPLIES_STOP, OPTED_OUT_BEFORE_START);
        assertThat(analytics.count(EventType.EVENT_TYPE_SUBMITTED)).isEqualTo(6);
        List<String> resolvedIds = new ArrayList<>();
        analytics
            .events(EventType.EVENT_TYPE_SUBMITTED)
            .forEach(e -> resolvedIds.add(e.getMessageId()));
        suppressed.forEach(e -> resolvedIds.add(e.getMessageId()));
        assertThat(resolvedIds).doesNotHaveDuplicates().hasSize(messages.size());
        assertThat(dispatcher.stats().suppressed()).isEqualTo(10);
      }
    }
  }

  private static OutgoingMessage message(
      String route, String destination, String text, boolean marketing, Instant notBefore) {
    return new OutgoingMessage(
        UUID.randomUUID(),
        CAMPAIGN,
        route,
        destination,
        "RELAIS",
        text,
        notBefore,
        notBefore.plus(Duration.ofHours(1)),
        "",
        marketing,
        1);
  }

  private static List<String> received(DispatchHarness harness, String destination) {
    return harness.smsc.receivedFor(destination.substring(1)).stream()
        .map(SubmittedMessage::text)
        .toList();
  }
}
