package dev.relais.analytics.events;

import static org.assertj.core.api.Assertions.assertThat;

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
}
