package dev.relais.analytics.store;

import dev.relais.analytics.events.MessageBuckets;
import dev.relais.proto.analytics.v1.MessageEvent;

/**
 * The Cassandra partition (campaign, bucket) an event's rows live in. {@code message_events} and
 * {@code event_slots} share it, so an event's row and its slot claim travel in one single-partition
 * batch: Cassandra applies them as one mutation (one commit log entry, one request).
 */
public record EventPartition(String campaignId, int bucket) {

  public static EventPartition of(MessageEvent event) {
    return new EventPartition(event.getCampaignId(), MessageBuckets.bucketOf(event.getMessageId()));
  }
}
