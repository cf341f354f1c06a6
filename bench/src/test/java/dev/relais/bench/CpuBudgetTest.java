package dev.relais.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuBudgetTest {

  // A campaign of 100,000 messages on 2 cores, with the figures of a real run.
  private final CpuBudget budget =
      new CpuBudget(
          Map.of("cassandra", 36.6, "dispatch", 20.9, "analytics", 9.6),
          Map.of("cassandra", 5.2, "dispatch", 5.1, "analytics", 5.0),
          100_000,
          2);

  @Test
  void costsAreMicrosecondsPerMessageWithAndWithoutCompilation() {
    assertThat(budget.micros("cassandra")).isCloseTo(366, within(1e-6));
    assertThat(budget.microsOutsideJit("cassandra")).isCloseTo(314, within(1e-6));
    assertThat(budget.totalMicros()).isCloseTo(671, within(1e-6));
    assertThat(budget.totalMicrosOutsideJit()).isCloseTo(518, within(1e-6));
  }

  @Test
  void theCeilingIsTheCoresDividedByTheCostOfAMessage() {
    assertThat(budget.ceiling()).isCloseTo(2_000_000.0 / 671, within(1e-6));
    assertThat(budget.ceilingOutsideJit()).isCloseTo(2_000_000.0 / 518, within(1e-6));
    assertThat(budget.allowedMicros(5_000)).isCloseTo(400, within(1e-9));
  }

  @Test
  void processesComeCostliestFirst() {
    assertThat(List.copyOf(budget.byProcess().keySet()))
        .containsExactly("cassandra", "dispatch", "analytics");
    double[] dispatch = budget.byProcess().get("dispatch");
    assertThat(dispatch[0]).isCloseTo(209, within(1e-6));
    assertThat(dispatch[1]).isCloseTo(158, within(1e-6));
  }

  @Test
  void aProcessWithoutCompilerFiguresCountsAllItsCpu() {
    CpuBudget noJit = new CpuBudget(Map.of("simulator", 10.5), Map.of(), 50_000, 2);

    assertThat(noJit.microsOutsideJit("simulator")).isCloseTo(210, within(1e-6));
    assertThat(noJit.ceilingOutsideJit()).isCloseTo(noJit.ceiling(), within(1e-9));
  }

  @Test
  void refusesAnEmptyCampaign() {
    assertThatThrownBy(() -> new CpuBudget(Map.of(), Map.of(), 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
