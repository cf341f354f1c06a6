package dev.relais.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.MessageHistory;
import dev.relais.scheduler.campaign.PageMessageIds;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The queued event {@code message show} adds from a message's id, and only then. */
class ShowMessageCommandTest {

  private static final Instant COMPOSED = Instant.parse("2026-03-02T09:00:01.250Z");
  private static final String MESSAGE =
      PageMessageIds.of(PageMessageIds.newKey(COMPOSED)).idFor("+33612345678").toString();

  @Test
  void aPagesMessageIsQueuedWhenItsPageWasComposed() {
    MessageHistory shown = ShowMessageCommand.withQueued(history(MESSAGE, submitted()));

    assertThat(shown.getEventsList())
        .extracting(MessageEvent::getType)
        .containsExactly(EventType.EVENT_TYPE_QUEUED, EventType.EVENT_TYPE_SUBMITTED);
    Timestamp at = shown.getEvents(0).getOccurredAt();
    assertThat(ProtoTime.instant(at)).isEqualTo(COMPOSED);
    assertThat(shown.getEvents(0).getMessageId()).isEqualTo(MESSAGE);
  }

  @Test
  void aQueuedEventAnalyticsRecordedIsNotAddedTwice() {
    MessageEvent recorded =
        MessageEvent.newBuilder()
            .setMessageId(MESSAGE)
            .setType(EventType.EVENT_TYPE_QUEUED)
            .build();
    MessageHistory history = history(MESSAGE, recorded, submitted());

    assertThat(ShowMessageCommand.withQueued(history)).isEqualTo(history);
  }

  @Test
  void anIdThatNoPageNamedGetsNoQueuedEvent() {
    for (String id : new String[] {"5f0c1b9e-2b8e-41f1-8f0a-6c1d2e3f4a5b", "not-a-uuid"}) {
      MessageHistory history = history(id, submitted());
      assertThat(ShowMessageCommand.withQueued(history)).isEqualTo(history);
    }
  }

  private static MessageEvent submitted() {
    return MessageEvent.newBuilder()
        .setType(EventType.EVENT_TYPE_SUBMITTED)
        .setOccurredAt(Timestamp.newBuilder().setSeconds(COMPOSED.getEpochSecond() + 3))
        .build();
  }

  private static MessageHistory history(String message, MessageEvent... events) {
    return MessageHistory.newBuilder()
        .setCampaignId("boulangerie/croissants")
        .setMessageId(message)
        .addAllEvents(java.util.List.of(events))
        .build();
  }
}
