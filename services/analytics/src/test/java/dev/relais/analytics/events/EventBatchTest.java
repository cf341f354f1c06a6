package dev.relais.analytics.events;

import static dev.relais.analytics.events.Events.event;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_DELIVERED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_OPTED_OUT;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatchTest {

  @Test
  void addsUpOneDeltaPerCampaignTypeAndVariant() {
    List<MessageEvent> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      events.add(event("c1", "m" + i, EVENT_TYPE_SUBMITTED));
    }
    events.add(event("c1", "m1", EVENT_TYPE_DELIVERED));
    events.add(event("c1", "m2", EVENT_TYPE_DELIVERED));
    events.add(event("c2", "n1", EVENT_TYPE_OPTED_OUT));

    EventBatch batch = EventBatch.of(events);

    assertThat(batch.counterDeltas())
        .containsOnly(
            entry(new CounterKey("c1", EVENT_TYPE_SUBMITTED, ""), 500L),
            entry(new CounterKey("c1", EVENT_TYPE_DELIVERED, ""), 2L),
            entry(new CounterKey("c2", EVENT_TYPE_OPTED_OUT, ""), 1L));
    assertThat(batch.events()).hasSize(503);
  }

  @Test
  void keepsVariantsApart() {
    EventBatch batch =
        EventBatch.of(
            List.of(
                event("c1", "m1", EVENT_TYPE_SUBMITTED, "A"),
                event("c1", "m2", EVENT_TYPE_SUBMITTED, "B"),
                event("c1", "m3", EVENT_TYPE_SUBMITTED, "B"),
                event("c1", "m4", EVENT_TYPE_SUBMITTED)));

    assertThat(batch.counterDeltas())
        .containsOnly(
            entry(new CounterKey("c1", EVENT_TYPE_SUBMITTED, "A"), 1L),
            entry(new CounterKey("c1", EVENT_TYPE_SUBMITTED, "B"), 2L),
            entry(new CounterKey("c1", EVENT_TYPE_SUBMITTED, ""), 1L));
  }

  @Test
  void countsAnEventRepeatedInsideTheBatchOnce() {
    MessageEvent first =
        event("c1", "m1", EVENT_TYPE_DELIVERED).toBuilder().setSmscMessageId("first").build();
    MessageEvent again =
        event("c1", "m1", EVENT_TYPE_DELIVERED).toBuilder().setSmscMessageId("again").build();

    EventBatch batch =
        EventBatch.of(List.of(first, again, event("c2", "m1", EVENT_TYPE_DELIVERED)));

    assertThat(batch.events())
        .extracting(MessageEvent::getSmscMessageId)
        .containsExactly("first", "");
    assertThat(batch.counterDeltas())
        .containsOnly(
            entry(new CounterKey("c1", EVENT_TYPE_DELIVERED, ""), 1L),
            entry(new CounterKey("c2", EVENT_TYPE_DELIVERED, ""), 1L));
  }

  @Test
  void theSameMessageWithAnotherTypeIsAnotherEvent() {
    EventBatch batch =
        EventBatch.of(
            List.of(
                event("c1", "m1", EVENT_TYPE_SUBMITTED), event("c1", "m1", EVENT_TYPE_DELIVERED)));

    assertThat(batch.events()).hasSize(2);
    assertThat(batch.counterDeltas().values()).containsExactly(1L, 1L);
  }

  @Test
  void groupsDeltasByCampaignForSinglePartitionCounterBatches() {
    EventBatch batch =
        EventBatch.of(
            List.of(
                event("c1", "m1", EVENT_TYPE_SUBMITTED),
                event("c2", "m2", EVENT_TYPE_SUBMITTED),
                event("c1", "m1", EVENT_TYPE_DELIVERED, "A")));

    assertThat(batch.counterDeltasByCampaign()).containsOnlyKeys("c1", "c2");
    assertThat(batch.counterDeltasByCampaign().get("c1"))
        .containsOnly(
            entry(new CounterKey("c1", EVENT_TYPE_SUBMITTED, ""), 1L),
            entry(new CounterKey("c1", EVENT_TYPE_DELIVERED, "A"), 1L));
    assertThat(batch.counterDeltasByCampaign().get("c2"))
        .containsOnly(entry(new CounterKey("c2", EVENT_TYPE_SUBMITTED, ""), 1L));
  }

  @Test
  void anEmptyBatchHasNothingToWrite() {
    EventBatch batch = EventBatch.of(List.of());
    assertThat(batch.isEmpty()).isTrue();
    assertThat(batch.counterDeltas()).isEmpty();
    assertThat(batch.counterDeltasByCampaign()).isEmpty();
  }

  @Test
  void aMessageClaimsOneResolutionAndOneReceiptSlotAndCountsOnlyWhatItWon() {
    EventBatch batch =
        EventBatch.of(
            List.of(
                event("c1", "m1", EVENT_TYPE_SUBMITTED),
                event("c1", "m1", EventType.EVENT_TYPE_EXPIRED),
                event("c1", "m1", EVENT_TYPE_DELIVERED),
                event("c1", "m1", EventType.EVENT_TYPE_UNDELIVERED),
                event("c1", "m1", EventType.EVENT_TYPE_IN_DOUBT),
                event("c1", "m2", EVENT_TYPE_SUBMITTED)));

    assertThat(batch.events()).hasSize(6);
    assertThat(batch.slotClaims())
        .extracting(MessageEvent::getType)
        .containsExactly(
            EVENT_TYPE_SUBMITTED,
            EVENT_TYPE_DELIVERED,
            EventType.EVENT_TYPE_IN_DOUBT,
            EVENT_TYPE_SUBMITTED);
    // m2 was resolved first by another batch: only m1's events count here.
    assertThat(batch.countedDeltasByCampaign(e -> e.getMessageId().equals("m1")).get("c1"))
        .containsOnly(
            entry(new CounterKey("c1", EVENT_TYPE_SUBMITTED, ""), 1L),
            entry(new CounterKey("c1", EVENT_TYPE_DELIVERED, ""), 1L),
            entry(new CounterKey("c1", EventType.EVENT_TYPE_IN_DOUBT, ""), 1L));
  }
}
