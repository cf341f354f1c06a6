package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeUuidsTest {

  @Test
  void encodesTheGivenInstantAsAVersionOneUuid() {
    Instant due = Instant.parse("2026-11-23T08:00:00.123Z");
    UUID uuid = TimeUuids.at(due);
    assertThat(uuid.version()).isEqualTo(1);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(Uuids.unixTimestamp(uuid)).isEqualTo(due.toEpochMilli());
  }

  @Test
  void laterInstantsSortLaterAndTheDriverBoundsContainThem() {
    Instant t = Instant.parse("2026-11-23T08:00:00Z");
    UUID early = TimeUuids.at(t);
    UUID late = TimeUuids.at(t.plusMillis(1));
    assertThat(TimeUuids.compare(early, late)).isNegative();
    assertThat(TimeUuids.compare(early, Uuids.endOf(t.toEpochMilli()))).isNegative();
    assertThat(TimeUuids.compare(early, Uuids.startOf(t.toEpochMilli()))).isPositive();
  }

  @Test
  void manyUuidsForTheSameInstantAreDistinct() {
    Instant t = Instant.now();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      seen.add(TimeUuids.at(t));
    }
    assertThat(seen).hasSize(100_000);
  }
}
