package dev.relais.analytics.events;

import com.google.protobuf.Timestamp;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.ErrorCodeCount;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.TimelineBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sums a campaign's recorded events into time buckets and its failures by error code, counting an
 * event only where {@link CampaignCounts} counts it: once per message and slot ({@link EventSlot}),
 * the type that won the slot. The buckets of a type therefore add up to the campaign's count of it.
 */
public final class TimelineTally {

  /** Widest bucket a timeline may ask for. */
  public static final Duration MAX_BUCKET = Duration.ofDays(1);

  private final String campaignId;
  private final long bucketSeconds;
  private final TreeMap<Long, Map<EventType, Long>> byBucket = new TreeMap<>();
  private final Map<Failure, Long> failures = new HashMap<>();

  private record Failure(EventType type, int errorCode) {}

  public TimelineTally(String campaignId, Duration bucket) {
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0 || bucket.compareTo(MAX_BUCKET) > 0) {
      throw new IllegalArgumentException(
          "bucket_seconds must be between 1 and " + MAX_BUCKET.toSeconds());
    }
    this.campaignId = campaignId;
    this.bucketSeconds = bucket.toSeconds();
  }

  /**
   * Adds one recorded event.
   *
   * @param type its type, as stored
   * @param occurredAt when it happened
   * @param errorCode its error code, 0 for none
   * @param slotWinner the type that won the event's slot, empty when no claim was recorded for it
   */
  public void add(
      EventType type, Instant occurredAt, int errorCode, Optional<EventType> slotWinner) {
    if (slotWinner.isPresent() && slotWinner.get() != type) {
      return;
    }
    long start = Math.floorDiv(occurredAt.getEpochSecond(), bucketSeconds) * bucketSeconds;
    byBucket.computeIfAbsent(start, s -> new EnumMap<>(EventType.class)).merge(type, 1L, Long::sum);
    if (type == EventType.EVENT_TYPE_SUBMIT_FAILED || type == EventType.EVENT_TYPE_UNDELIVERED) {
      failures.merge(new Failure(type, errorCode), 1L, Long::sum);
    }
  }

  /** The timeline: buckets oldest first, failures most frequent first. */
  public CampaignTimeline timeline() {
    CampaignTimeline.Builder timeline =
        CampaignTimeline.newBuilder()
            .setCampaignId(campaignId)
            .setBucketSeconds(Math.toIntExact(bucketSeconds));
    byBucket.forEach((start, counts) ->
        timeline.addBuckets(
            TimelineBucket.newBuilder()
                .setStart(Timestamp.newBuilder().setSeconds(start))
                .setQueued(counts.getOrDefault(EventType.EVENT_TYPE_QUEUED, 0L))
                .setSubmitted(counts.getOrDefault(EventType.EVENT_TYPE_SUBMITTED, 0L))
                .setSubmitFailed(counts.getOrDefault(EventType.EVENT_TYPE_SUBMIT_FAILED, 0L))
                .setDelivered(counts.getOrDefault(EventType.EVENT_TYPE_DELIVERED, 0L))
                .setUndelivered(counts.getOrDefault(EventType.EVENT_TYPE_UNDELIVERED, 0L))
                .setExpired(counts.getOrDefault(EventType.EVENT_TYPE_EXPIRED, 0L))
                .setOptedOut(counts.getOrDefault(EventType.EVENT_TYPE_OPTED_OUT, 0L))));
    failures.entrySet().stream()
        .sorted(
            Map.Entry.<Failure, Long>comparingByValue()
                .reversed()
                .thenComparing(e -> e.getKey().type())
                .thenComparing(e -> e.getKey().errorCode(), Comparator.naturalOrder()))
        .forEach(e ->
            timeline.addFailures(
                ErrorCodeCount.newBuilder()
                    .setType(e.getKey().type())
                    .setErrorCode(e.getKey().errorCode())
                    .setMessages(e.getValue())));
    return timeline.build();
  }
}
