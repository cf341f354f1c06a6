package dev.relais.dispatch.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OptOutRegistryTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void matchesANumberWithOrWithoutItsPlus() {
    OptOutRegistry registry = new OptOutRegistry(10);
    assertThat(registry.add("+33612345678", T0)).isTrue();
    assertThat(registry.add("33612345678", T0.plusSeconds(1))).isFalse();

    assertThat(registry.contains("+33612345678")).isTrue();
    assertThat(registry.contains("33612345678")).isTrue();
    assertThat(registry.contains("+33612345679")).isFalse();
    assertThat(registry.contains("")).isFalse();
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void aLiftedOptOutNoLongerSuppressesAndANewOneSurvivesTheOldOnesPruning() {
    OptOutRegistry registry = new OptOutRegistry(10);
    registry.add("+33612345678", T0);
    assertThat(registry.lift("33612345678")).isTrue();
    assertThat(registry.contains("+33612345678")).isFalse();
    assertThat(registry.lift("+33612345678")).isFalse();

    // STOP again later: pruning the first opt-out's place must not forget the second.
    registry.add("+33612345678", T0.plusSeconds(3600));
    registry.pruneBefore(T0.plusSeconds(60));
    assertThat(registry.contains("+33612345678")).isTrue();
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void forgetsTheOldestWhenFullAndCountsThem() {
    OptOutRegistry registry = new OptOutRegistry(3);
    for (int i = 0; i < 5; i++) {
      registry.add("+3361234560" + i, T0.plusSeconds(i));
    }
    assertThat(registry.size()).isEqualTo(3);
    assertThat(registry.evicted()).isEqualTo(2);
    assertThat(registry.contains("+33612345600")).isFalse();
    assertThat(registry.contains("+33612345601")).isFalse();
    assertThat(registry.contains("+33612345602")).isTrue();
    assertThat(registry.contains("+33612345604")).isTrue();
  }

  @Test
  void prunesOptOutsOlderThanTheWindow() {
    OptOutRegistry registry = new OptOutRegistry(10);
    registry.add("+33612345600", T0);
    registry.add("+33612345601", T0.plusSeconds(60));
    registry.add("+33612345602", T0.plusSeconds(120));

    registry.pruneBefore(T0.plusSeconds(60));

    assertThat(registry.contains("+33612345600")).isFalse();
    assertThat(registry.contains("+33612345601")).isTrue();
    assertThat(registry.contains("+33612345602")).isTrue();
    assertThat(registry.evicted()).isZero();
  }

  @Test
  void staysWithinItsBoundUnderConcurrentAdds() throws Exception {
    OptOutRegistry registry = new OptOutRegistry(1000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(
          pool.submit(() -> {
            for (int i = 0; i < 5000; i++) {
              registry.add(String.format("+336%d%07d", thread, i), T0.plusMillis(i));
              registry.contains("+33600000000");
            }
          }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertThat(registry.size()).isLessThanOrEqualTo(1000);
    assertThat(registry.evicted()).isEqualTo(20_000 - registry.size());
  }

  @Test
  void refusesANonPositiveCapacity() {
    assertThatThrownBy(() -> new OptOutRegistry(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
