package dev.relais.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MachineTimeTest {

  @Test
  void idleCountsIoWaitAndStealIsItsOwnColumn() {
    MachineTime time = MachineTime.parse("cpu  6783784 0 1111306 6604949 80466 0 64400 25994 0 0");
    assertThat(time.idleSeconds()).isCloseTo(66_854.15, within(1e-6));
    assertThat(time.stolenSeconds()).isCloseTo(259.94, within(1e-6));
  }

  @Test
  void theDifferenceOfTwoReadingsIsWhatTheRunSpent() {
    MachineTime before = MachineTime.parse("cpu  100 0 100 1000 0 0 0 50 0 0");
    MachineTime after = MachineTime.parse("cpu  900 0 300 1250 50 0 0 170 0 0");
    MachineTime run = after.since(before);
    assertThat(run.idleSeconds()).isCloseTo(3.0, within(1e-9));
    assertThat(run.stolenSeconds()).isCloseTo(1.2, within(1e-9));
  }

  @Test
  void olderKernelsWithoutAStealColumnReportNone() {
    assertThat(MachineTime.parse("cpu 1 2 3 4 5 6 7").stolenSeconds()).isZero();
  }

  @Test
  void onlyTheAggregateLineIsAccepted() {
    assertThatThrownBy(() -> MachineTime.parse("cpu0 1 2 3 4 5 6 7 8"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
