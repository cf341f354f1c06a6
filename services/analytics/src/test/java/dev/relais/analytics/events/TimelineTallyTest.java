package dev.relais.analytics.events;

import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_DELIVERED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_EXPIRED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMITTED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMIT_FAILED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.analytics.v1.CampaignTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimelineTallyTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void countsOnlyTheTypeThatWonTheSlotInTheBucketOfItsTime() {
    TimelineTally tally = new TimelineTally("c", Duration.ofMinutes(1));
    tally.add(EVENT_TYPE_SUBMITTED, T0.plusSeconds(59), 0, Optional.of(EVENT_TYPE_SUBMITTED));
    // The same message reported expired later: its slot was won by SUBMITTED.
    tally.add(EVENT_TYPE_EXPIRED, T0.plusSeconds(300), 0, Optional.of(EVENT_TYPE_SUBMITTED));
    tally.add(EVENT_TYPE_SUBMITTED, T0.plusSeconds(60), 0, Optional.empty());
    tally.add(EVENT_TYPE_DELIVERED, T0.plusSeconds(61), 0, Optional.of(EVENT_TYPE_DELIVERED));
    tally.add(EVENT_TYPE_UNDELIVERED, T0.plusSeconds(62), 11, Optional.of(EVENT_TYPE_UNDELIVERED));
    tally.add(EVENT_TYPE_SUBMIT_FAILED, T0, 0x58, Optional.of(EVENT_TYPE_SUBMIT_FAILED));
    tally.add(EVENT_TYPE_SUBMIT_FAILED, T0, 0x58, Optional.of(EVENT_TYPE_SUBMIT_FAILED));

    CampaignTimeline timeline = tally.timeline();

    assertThat(timeline.getBucketsList())
        .extracting(b -> b.getStart().getSeconds() - T0.getEpochSecond())
        .containsExactly(0L, 60L);
    assertThat(timeline.getBuckets(0).getSubmitted()).isEqualTo(1);
    assertThat(timeline.getBuckets(0).getSubmitFailed()).isEqualTo(2);
    assertThat(timeline.getBuckets(1).getSubmitted()).isEqualTo(1);
    assertThat(timeline.getBuckets(1).getDelivered()).isEqualTo(1);
    assertThat(timeline.getBuckets(1).getUndelivered()).isEqualTo(1);
    assertThat(timeline.getBucketsList()).allSatisfy(b -> assertThat(b.getExpired()).isZero());
    assertThat(timeline.getFailuresList())
        .extracting(f -> f.getType(), f -> f.getErrorCode(), f -> f.getMessages())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EVENT_TYPE_SUBMIT_FAILED, 0x58, 2L),
            org.assertj.core.groups.Tuple.tuple(EVENT_TYPE_UNDELIVERED, 11, 1L));
  }

  @Test
  void refusesBucketsOutOfBounds() {
    assertThatThrownBy(() -> new TimelineTally("c", Duration.ZERO))
        .hasMessageContaining("bucket_seconds");
    assertThatThrownBy(() -> new TimelineTally("c", Duration.ofDays(2)))
        .hasMessageContaining("bucket_seconds");
  }
}
