package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.smpp.SmppSessions;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.GenericNack;
import dev.relais.smsc.MalformedPdu;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmittedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An SMSC that writes malformed PDUs in the middle of a campaign: the dispatcher answers each as
 * SMPP requires (generic_nack ESME_RINVCMDLEN or ESME_RINVCMDID), keeps a session whose stream is
 * intact, rebinds one whose stream is lost, and completes the campaign with nothing lost and no
 * duplicate beyond its in-doubt count.
 */
class DispatchMalformedPduIT {

  private static final int MESSAGES = 400;
  private static final int ESME_RINVCMDLEN = 0x02;
  private static final int ESME_RINVCMDID = 0x03;

  @Test
  void eachMalformedPduGetsItsAnswerAndOnlyALostStreamCostsARebind() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder().dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50));
    try (DispatchHarness harness = new DispatchHarness(smsc, 4);
        LogCapture logs = LogCapture.of(SmppSessions.class)) {
      List<OutgoingMessage> messages = messages(harness, "it/malformed", 0);
      harness.enqueue(messages);
      try (DispatchServer dispatcher =
          harness.startDispatcher(
              "malformed-1", Map.of("dispatch.tps", "100", "smpp.reconnect", "PT0.2S"))) {
        await(Duration.ofSeconds(30), () -> dispatcher.bindsUp() == 2);
        await(
            Duration.ofSeconds(60),
            () -> harness.analytics.count(EventType.EVENT_TYPE_SUBMITTED) > 50);
        String systemId = DispatchHarness.SYSTEM_ID;

        // The stream stays in step: answered, and the session carries on.
        long binds = harness.smsc.stats().binds();
        int unknown = harness.smsc.injectMalformedPdu(systemId, MalformedPdu.UNKNOWN_COMMAND_ID);
        int truncated =
            harness.smsc.injectMalformedPdu(systemId, MalformedPdu.TRUNCATED_DELIVER_SM);
        awaitNack(harness, new GenericNack(ESME_RINVCMDID, unknown));
        awaitNack(harness, new GenericNack(ESME_RINVCMDLEN, truncated));
        assertThat(harness.smsc.stats().binds()).isEqualTo(binds);
        assertThat(dispatcher.bindsUp()).isEqualTo(2);

        // The stream is lost: answered, then the session is dropped and bound again.
        harness.smsc.injectMalformedPdu(systemId, MalformedPdu.SHORT_COMMAND_LENGTH);
        awaitNack(harness, new GenericNack(ESME_RINVCMDLEN, 0));
        await(Duration.ofSeconds(30), () -> harness.smsc.stats().binds() >= binds + 1);
        await(Duration.ofSeconds(30), () -> dispatcher.bindsUp() == 2);
        // The SMSC must have seen the dropped session go: a fault written to it is never read.
        await(Duration.ofSeconds(30), () -> harness.smsc.stats().boundSessions() == 2);
        int huge = harness.smsc.injectMalformedPdu(systemId, MalformedPdu.HUGE_COMMAND_LENGTH);
        awaitNack(harness, new GenericNack(ESME_RINVCMDLEN, huge));
        await(Duration.ofSeconds(30), () -> harness.smsc.stats().binds() >= binds + 2);

        awaitCompletion(harness, dispatcher, messages);
        assertThat(logs.messages())
            .anyMatch(m -> m.contains("malformed PDU from the SMSC: command_length 8"))
            .anyMatch(m -> m.contains("deliver_sm truncated"));
        // Receipts still find their messages on the sessions bound again.
        await(
            Duration.ofSeconds(60),
            () ->
                harness.analytics.events(EventType.EVENT_TYPE_DELIVERED).stream()
                        .map(MessageEvent::getMessageId)
                        .distinct()
                        .count()
                    >= messages.size());
      }
    }
  }

  @Test
  void malformedPdusAtAPaceThroughoutACampaignLoseNothing() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder()
            .dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50))
            .malformedPdus(
                List.of(
                    MalformedPdu.UNKNOWN_COMMAND_ID,
                    MalformedPdu.TRUNCATED_DELIVER_SM,
                    MalformedPdu.SHORT_COMMAND_LENGTH,
                    MalformedPdu.HUGE_COMMAND_LENGTH),
                Duration.ofMillis(300));
    try (DispatchHarness harness = new DispatchHarness(smsc, 4)) {
      List<OutgoingMessage> messages = messages(harness, "it/malformed-pace", 1000);
      harness.enqueue(messages);
      try (DispatchServer dispatcher =
          harness.startDispatcher(
              "malformed-pace-1",
              // A fault every 300 ms keeps killing sessions: without a low cap, the rebind backoff
              // grows to its production 60 s and the route sits unbound for most of the test.
              Map.of(
                  "dispatch.tps", "100",
                  "smpp.reconnect", "PT0.2S",
                  "smpp.reconnectmax", "PT1S"))) {
        awaitCompletion(harness, dispatcher, messages);
        List<GenericNack> nacks = harness.smsc.genericNacksReceived();
        System.out.printf(
            "DispatchMalformedPduIT: %d malformed PDUs written, %d generic_nack back, %d binds%n",
            harness.smsc.stats().malformedPdusSent(), nacks.size(), harness.smsc.stats().binds());
        assertThat(nacks)
            .extracting(GenericNack::commandStatus)
            .contains(ESME_RINVCMDID, ESME_RINVCMDLEN);
        // Every fault written on a live session got its generic_nack.
        assertThat((long) nacks.size())
            .isGreaterThanOrEqualTo(4)
            .isLessThanOrEqualTo(harness.smsc.stats().malformedPdusSent());
        assertThat(harness.smsc.stats().binds()).isGreaterThan(2);
      }
    }
  }

  /** Every message submitted once, or more only when in doubt; sessions bound again at the end. */
  private static void awaitCompletion(
      DispatchHarness harness, DispatchServer dispatcher, List<OutgoingMessage> messages)
      throws InterruptedException {
    await(
        Duration.ofSeconds(120),
        () ->
            harness.analytics.events(EventType.EVENT_TYPE_SUBMITTED).stream()
                    .map(MessageEvent::getMessageId)
                    .distinct()
                    .count()
                >= messages.size());
    assertThat(harness.analytics.count(EventType.EVENT_TYPE_SUBMIT_FAILED)).isZero();
    assertThat(
            harness.smsc.received().stream()
                .map(SubmittedMessage::destinationAddress)
                .collect(Collectors.toSet()))
        .hasSize(messages.size());
    long duplicates = harness.smsc.received().size() - messages.size();
    DispatchStats.Snapshot stats = dispatcher.stats();
    System.out.printf(
        "DispatchMalformedPduIT: %d duplicates at the SMSC, %d in-doubt submits, last error: %s%n",
        duplicates, stats.inDoubt(), stats.lastError());
    assertThat(duplicates).isLessThanOrEqualTo(stats.inDoubt());
  }

  private static void awaitNack(DispatchHarness harness, GenericNack expected)
      throws InterruptedException {
    await(Duration.ofSeconds(20), () -> harness.smsc.genericNacksReceived().contains(expected));
  }

  private static List<OutgoingMessage> messages(
      DispatchHarness harness, String campaign, int first) {
    return harness.messagesDueNow(campaign, "+337", first, MESSAGES);
  }
}
