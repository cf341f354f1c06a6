package dev.relais.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MachineRestTest {

  private static final Duration THREE_SECONDS = Duration.ofSeconds(3);

  @Test
  void twoCoresMostlyIdleOverTheWindowAreAtRest() {
    // 6 core-seconds available, 5.4 idle: 90 %.
    MachineTime spent = new MachineTime(5.4, 0);
    assertThat(MachineRest.idleShare(spent, 2, THREE_SECONDS)).isCloseTo(0.9, within(1e-9));
    assertThat(MachineRest.atRest(spent, 2, THREE_SECONDS)).isTrue();
  }

  @Test
  void oneBusyCoreOfTwoIsNotRest() {
    assertThat(MachineRest.atRest(new MachineTime(3.0, 0), 2, THREE_SECONDS)).isFalse();
  }

  @Test
  void theSameIdleTimeOnMoreCoresIsLessRest() {
    MachineTime spent = new MachineTime(5.4, 0);
    assertThat(MachineRest.atRest(spent, 2, THREE_SECONDS)).isTrue();
    assertThat(MachineRest.atRest(spent, 4, THREE_SECONDS)).isFalse();
  }

  @Test
  void anEmptyWindowIsNeverRest() {
    assertThat(MachineRest.atRest(new MachineTime(0, 0), 2, Duration.ZERO)).isFalse();
  }
}
