package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChartScaleTest {

  @Test
  void roundsTheMaximumUpToAFewRoundSteps() {
    assertThat(ChartScale.upTo(1_234)).isEqualTo(new ChartScale(1_500, 500));
    assertThat(ChartScale.upTo(1_500)).isEqualTo(new ChartScale(1_500, 500));
    assertThat(ChartScale.upTo(7)).isEqualTo(new ChartScale(8, 2));
    assertThat(ChartScale.upTo(1)).isEqualTo(new ChartScale(1, 1));
    assertThat(ChartScale.upTo(98_765)).isEqualTo(new ChartScale(100_000, 50_000));
    assertThat(ChartScale.upTo(0)).isEqualTo(new ChartScale(1, 1));
    assertThat(ChartScale.upTo(200).ticks()).containsExactly(0L, 50L, 100L, 150L, 200L);
  }
}
