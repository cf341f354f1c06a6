package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.cassandra.CassandraReplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {

  private final QueueSettings settings =
      new QueueSettings(
          "q",
          CassandraReplication.LOCAL,
          60,
          Duration.ofMillis(500),
          Duration.ofSeconds(15),
          Duration.ofSeconds(15));

  @Test
  void bucketsStartOnTheirWidth() {
    assertThat(settings.bucketOf(0)).isZero();
    assertThat(settings.bucketOf(59_999)).isZero();
    assertThat(settings.bucketOf(60_000)).isEqualTo(60);
    assertThat(settings.bucketOf(1_795_000_000_123L)).isEqualTo(1_794_999_960L);
  }
}
