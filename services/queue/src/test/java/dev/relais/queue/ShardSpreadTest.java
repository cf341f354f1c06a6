package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ShardSpreadTest {

  @Test
  void timeBasedIdsComposedOnePerMillisecondSpreadOverAllShards() {
    long start = 1_795_376_400_000L;
    // One id per millisecond: the clock part moves by 10,000 ticks, a multiple of 16.
    Map<Integer, Integer> perShard = shardsOf(i -> Uuids.startOf(start + i));
    assertThat(perShard).hasSize(16);
    assertThat(perShard.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
  }

  @Test
  void randomIdsSpreadOverAllShards() {
    Map<Integer, Integer> perShard = shardsOf(i -> UUID.randomUUID());
    assertThat(perShard.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
  }

  @Test
  void theShardFunctionIsPinned() {
    // A changed function would send a retried write of a queued message to another partition.
    UUID id = UUID.fromString("6f1c2a3e-1b2c-4d5e-8f90-123456789abc");
    assertThat(QueueWriter.mix(id)).isEqualTo(-1_484_138_438);
  }

  /** How many of 16,000 ids land in each of 16 shards. */
  private static Map<Integer, Integer> shardsOf(IntFunction<UUID> ids) {
    Map<Integer, Integer> perShard = new HashMap<>();
    for (int i = 0; i < 16_000; i++) {
      perShard.merge(Math.floorMod(QueueWriter.mix(ids.apply(i)), 16), 1, Integer::sum);
    }
    return perShard;
  }
}
