package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A valid batch reduced to what gets written: its distinct events (one per campaign, message and
 * type, as the event table is keyed), the slot each tries to count in ({@link EventSlot}) and the
 * counter increments they add up to.
 *
 * <p>Counters are incremented once per (campaign, type, variant) per batch rather than once per
 * event: a batch of 500 submits of one campaign is one counter write, not 500.
 */
public final class EventBatch {

  private final List<MessageEvent> events;
  private final Map<CounterKey, Long> counterDeltas;
  private final List<MessageEvent> slotClaims;

  private EventBatch(
      List<MessageEvent> events,
      Map<CounterKey, Long> counterDeltas,
      List<MessageEvent> slotClaims) {
    this.events = events;
    this.counterDeltas = counterDeltas;
    this.slotClaims = slotClaims;
  }

  /**
   * Aggregates validated events (see {@link EventBatchValidator}). An event repeated inside the
   * batch (same campaign, message and type) is kept and counted once: the first occurrence wins.
   */
  public static EventBatch of(List<MessageEvent> validEvents) {
    Set<EventIdentity> seen = new HashSet<>();
    Set<EventSlot.Key> slots = new HashSet<>();
    List<MessageEvent> claims = new ArrayList<>(validEvents.size());
    List<MessageEvent> distinct = new ArrayList<>(validEvents.size());
    Map<CounterKey, Long> deltas = new LinkedHashMap<>();
    for (MessageEvent event : validEvents) {
      if (!seen.add(
          new EventIdentity(event.getCampaignId(), event.getMessageId(), event.getType()))) {
        continue;
      }
      distinct.add(event);
      if (slots.add(slotOf(event))) {
        claims.add(event);
      }
      deltas.merge(
          new CounterKey(event.getCampaignId(), event.getType(), event.getVariant()),
          1L,
          Long::sum);
    }
    return new EventBatch(
        Collections.unmodifiableList(distinct),
        Collections.unmodifiableMap(deltas),
        Collections.unmodifiableList(claims));
  }

  /** The slot an event counts in. */
  public static EventSlot.Key slotOf(MessageEvent event) {
    return new EventSlot.Key(
        event.getCampaignId(), event.getMessageId(), EventSlot.of(event.getType()));
  }

  /**
   * The first event of the batch for each slot of each message: the one this batch tries to count
   * (a later event of the same slot in the batch is stored but never counted).
   */
  public List<MessageEvent> slotClaims() {
    return slotClaims;
  }

  /**
   * The counter increments of the slot claims this batch won (first recorded by it), grouped by
   * campaign; events recorded first by another batch count nothing.
   */
  public Map<String, Map<CounterKey, Long>> countedDeltasByCampaign(
      java.util.function.Predicate<MessageEvent> won) {
    Map<String, Map<CounterKey, Long>> byCampaign = new LinkedHashMap<>();
    for (MessageEvent event : slotClaims) {
      if (won.test(event)) {
        byCampaign
            .computeIfAbsent(event.getCampaignId(), c -> new LinkedHashMap<>())
            .merge(
                new CounterKey(event.getCampaignId(), event.getType(), event.getVariant()),
                1L,
                Long::sum);
      }
    }
    return byCampaign;
  }

  /** The events to store, without in-batch repeats, in arrival order. */
  public List<MessageEvent> events() {
    return events;
  }

  /** How much each counter grows by this batch. */
  public Map<CounterKey, Long> counterDeltas() {
    return counterDeltas;
  }

  /**
   * The counter deltas grouped by campaign: each group lives in one Cassandra partition, so it can
   * be applied as one single-partition counter batch, which Cassandra applies all or nothing.
   */
  public Map<String, Map<CounterKey, Long>> counterDeltasByCampaign() {
    Map<String, Map<CounterKey, Long>> byCampaign = new LinkedHashMap<>();
    counterDeltas.forEach((key, delta) ->
        byCampaign.computeIfAbsent(key.campaignId(), c -> new LinkedHashMap<>()).put(key, delta));
    return byCampaign;
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  private record EventIdentity(String campaignId, String messageId, EventType type) {}
}
