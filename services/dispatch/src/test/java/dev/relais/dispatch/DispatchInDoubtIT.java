package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmitDecision;
import dev.relais.smsc.SubmittedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An SMSC that accepts a few submit_sm but never answers them: each such message is in doubt, sent
 * again after the response timeout, and reported as in doubt; it is the only kind of message that
 * may reach the SMSC twice, and analytics hears of one resolution per message.
 */
class DispatchInDoubtIT {

  private static final int MESSAGES = 200;
  private static final Set<Long> UNANSWERED = Set.of(30L, 31L, 90L);

  @Test
  void aSubmitWithoutAnswerIsSentAgainAndCountedInDoubt() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder()
            .dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50))
            .submitPolicy(submit ->
                UNANSWERED.contains(submit.submitNumber())
                    ? SubmitDecision.dropResponse()
                    : SubmitDecision.accept());
    try (DispatchHarness harness = new DispatchHarness(smsc, 2)) {
      List<OutgoingMessage> messages = harness.messagesDueNow("it/in-doubt", "+336", 0, MESSAGES);
      harness.enqueue(messages);
      FakeAnalytics analytics = harness.analytics;
      try (DispatchServer dispatcher =
          harness.startDispatcher(
              "in-doubt-1", Map.of("dispatch.tps", "200", "smpp.timeout", "PT1S"))) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        await(Duration.ofSeconds(60), () -> submittedMessages(analytics).size() >= MESSAGES);

        List<String> inDoubt =
            analytics.events(EventType.EVENT_TYPE_IN_DOUBT).stream()
                .map(MessageEvent::getMessageId)
                .toList();
        Map<String, Long> copies =
            harness.smsc.received().stream()
                .collect(
                    Collectors.groupingBy(
                        SubmittedMessage::destinationAddress, Collectors.counting()));
        long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
        System.out.printf(
            "DispatchInDoubtIT: %d responses dropped, %d in doubt, %d duplicates at the SMSC%n",
            UNANSWERED.size(), inDoubt.size(), duplicates);
        assertThat(copies).hasSize(MESSAGES);
        assertThat(inDoubt).doesNotHaveDuplicates().hasSize(UNANSWERED.size());
        assertThat(duplicates).isEqualTo(UNANSWERED.size());
        assertThat(dispatcher.stats().inDoubt()).isEqualTo(UNANSWERED.size());
        // One resolution per message: the unanswered copy is not reported as submitted.
        assertThat(analytics.count(EventType.EVENT_TYPE_SUBMITTED)).isEqualTo(MESSAGES);
        assertThat(analytics.count(EventType.EVENT_TYPE_SUBMIT_FAILED)).isZero();
      }
    }
  }

  private static Set<String> submittedMessages(FakeAnalytics analytics) {
    return analytics.events(EventType.EVENT_TYPE_SUBMITTED).stream()
        .map(MessageEvent::getMessageId)
        .collect(Collectors.toSet());
  }
}
