package dev.relais.analytics.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageBucketsTest {

  @Test
  void bucketsAreStableAcrossVersions() {
    // Values fixed by String.hashCode's specification; a change would orphan stored rows.
    assertThat(MessageBuckets.bucketOf("m1")).isEqualTo(4);
    assertThat(MessageBuckets.bucketOf("00000000-0000-0000-0000-000000000000")).isEqualTo(0);
    assertThat(MessageBuckets.bucketOf("a")).isEqualTo(1);
  }

  @Test
  void negativeHashesStillLandInRange() {
    assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
    assertThat(MessageBuckets.bucketOf("polygenelubricants")).isEqualTo(0);
    assertThat("zzzzzy".hashCode() % 16).isEqualTo(-1);
    assertThat(MessageBuckets.bucketOf("zzzzzy")).isEqualTo(15);
    assertThat(MessageBuckets.bucketOf("message-42")).isEqualTo(4);
  }

  @Test
  void uuidsSpreadOverAllBuckets() {
    Map<Integer, Integer> perBucket = new HashMap<>();
    for (int i = 0; i < 16_000; i++) {
      perBucket.merge(MessageBuckets.bucketOf(UUID.randomUUID().toString()), 1, Integer::sum);
    }
    assertThat(perBucket).hasSize(MessageBuckets.BUCKETS);
    assertThat(perBucket.values()).allSatisfy(n -> assertThat(n).isBetween(700, 1300));
  }

  @Test
  void timeBasedIdsShareTheBucketOfTheirTenSecondSlice() {
    // 2026-11-22T19:40:00.000Z and 9.999 s later, then the next slice.
    long at = 1_795_376_400_000L;
    assertThat(MessageBuckets.bucketOf(Uuids.startOf(at).toString()))
        .isEqualTo(MessageBuckets.bucketOf(Uuids.startOf(at + 9_999).toString()))
        .isEqualTo(179_537_640);
    assertThat(MessageBuckets.bucketOf(Uuids.startOf(at + 10_000).toString()))
        .isEqualTo(179_537_641);
  }

  @Test
  void idsThatOnlyLookTimeBasedKeepTheirHashBucket() {
    String notAUuid = "xxxxxxxx-xxxx-1xxx-xxxx-xxxxxxxxxxxx";
    assertThat(notAUuid).hasSize(36);
    assertThat(MessageBuckets.bucketOf(notAUuid)).isBetween(0, MessageBuckets.BUCKETS - 1);
    // Version digit 1 but the NCS variant (first digit of the fourth group below 8): no RFC time.
    String ncs = "6f1c2a3e-1b2c-1d5e-0f90-123456789abc";
    assertThat(MessageBuckets.bucketOf(ncs)).isBetween(0, MessageBuckets.BUCKETS - 1);
  }
}
