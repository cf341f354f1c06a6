package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageSamplingTest {

  private static final Random RANDOM = new Random(42);

  private static UUID id() {
    return new UUID(RANDOM.nextLong(), RANDOM.nextLong());
  }

  private static int sampledOf(MessageSampling sampling, int messages) {
    int sampled = 0;
    for (int i = 0; i < messages; i++) {
      if (sampling.sampled(id())) {
        sampled++;
      }
    }
    return sampled;
  }

  @Test
  void theDefaultTracesAboutOneMessageInAHundred() {
    assertThat(new MessageSampling(MessageSampling.DEFAULT_RATIO).ratio()).isEqualTo(0.01);
    assertThat(sampledOf(new MessageSampling(0.01), 200_000)).isBetween(1_800, 2_200);
  }

  @Test
  void timeBasedIdsComposedOneAfterAnotherAreSampledAtTheRatioToo() {
    MessageSampling sampling = new MessageSampling(0.1);
    long start = System.currentTimeMillis();
    int sampled = 0;
    for (int i = 0; i < 100_000; i++) {
      if (sampling.sampled(TimeUuids.at(java.time.Instant.ofEpochMilli(start + i)))) {
        sampled++;
      }
    }
    assertThat(sampled).isBetween(9_000, 11_000);
  }

  @Test
  void oneTracesEveryMessageAndZeroNone() {
    assertThat(sampledOf(new MessageSampling(1.0), 10_000)).isEqualTo(10_000);
    assertThat(sampledOf(MessageSampling.NONE, 10_000)).isZero();
  }

  @Test
  void theDecisionDependsOnTheMessageIdOnly() {
    MessageSampling sampling = new MessageSampling(0.5);
    for (int i = 0; i < 1_000; i++) {
      UUID id = id();
      assertThat(new MessageSampling(0.5).sampled(id)).isEqualTo(sampling.sampled(id));
    }
  }

  @Test
  void aRatioOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new MessageSampling(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("telemetry.message.sampling must be between 0 and 1");
    assertThatThrownBy(() -> new MessageSampling(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageSampling(-0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
