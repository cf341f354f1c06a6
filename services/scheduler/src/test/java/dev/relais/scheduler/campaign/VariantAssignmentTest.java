package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VariantAssignmentTest {

  private static final int NUMBERS = 100_000;

  /**
   * A share's tolerance over {@value #NUMBERS} numbers: the standard deviation of a 70/30 share is
   * 0.145 percentage points, so one point is about seven of them.
   */
  private static final double TOLERANCE = 0.01;

  private static String number(int i) {
    return "+336" + String.format("%08d", 12_000_000 + i);
  }

  private static double[] shares(VariantAssignment assignment, int variants) {
    long[] counts = new long[variants];
    for (int i = 0; i < NUMBERS; i++) {
      counts[assignment.indexFor(number(i))]++;
    }
    double[] shares = new double[variants];
    for (int v = 0; v < variants; v++) {
      shares[v] = counts[v] / (double) NUMBERS;
    }
    return shares;
  }

  @Test
  void theSameNumberInTheSameCampaignAlwaysGetsTheSameVariant() {
    VariantAssignment first = VariantAssignment.of("shop/spring-sale", List.of(70, 30));
    VariantAssignment again = VariantAssignment.of("shop/spring-sale", List.of(70, 30));
    for (int i = 0; i < 10_000; i++) {
      assertThat(again.indexFor(number(i))).isEqualTo(first.indexFor(number(i)));
      assertThat(first.indexFor(number(i))).isEqualTo(first.indexFor(number(i)));
    }
  }

  @Test
  void assignmentsDoNotChangeFromOneReleaseToTheNext() {
    // A campaign resumed by a newer scheduler must give its remaining pages the same split: these
    // assignments are part of the campaign's definition.
    VariantAssignment assignment = VariantAssignment.of("shop/spring-sale", List.of(1, 1, 1));
    assertThat(
            List.of("+33612345678", "+33698765432", "+33700000001", "+32470123456", "+594694000000")
                .stream()
                .map(assignment::indexFor)
                .toList())
        .containsExactly(PINNED);
  }

  private static final Integer[] PINNED = {2, 2, 0, 1, 0};

  @Test
  void seventyThirty() {
    double[] shares = shares(VariantAssignment.of("shop/spring-sale", List.of(70, 30)), 2);
    assertThat(shares[0]).isCloseTo(0.70, org.assertj.core.data.Offset.offset(TOLERANCE));
    assertThat(shares[1]).isCloseTo(0.30, org.assertj.core.data.Offset.offset(TOLERANCE));
  }

  @Test
  void fiftyFifty() {
    double[] shares = shares(VariantAssignment.of("shop/spring-sale", List.of(50, 50)), 2);
    assertThat(shares[0]).isCloseTo(0.50, org.assertj.core.data.Offset.offset(TOLERANCE));
  }

  @Test
  void weightsOfOneSplitEvenly() {
    double[] two = shares(VariantAssignment.of("shop/spring-sale", List.of(1, 1)), 2);
    assertThat(two[0]).isCloseTo(0.50, org.assertj.core.data.Offset.offset(TOLERANCE));
    double[] three = shares(VariantAssignment.of("shop/spring-sale", List.of(1, 1, 1)), 3);
    for (double share : three) {
      assertThat(share).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(TOLERANCE));
    }
  }

  @Test
  void threeWaysByWeight() {
    double[] shares = shares(VariantAssignment.of("shop/spring-sale", List.of(60, 30, 10)), 3);
    assertThat(shares[0]).isCloseTo(0.60, org.assertj.core.data.Offset.offset(TOLERANCE));
    assertThat(shares[1]).isCloseTo(0.30, org.assertj.core.data.Offset.offset(TOLERANCE));
    assertThat(shares[2]).isCloseTo(0.10, org.assertj.core.data.Offset.offset(TOLERANCE));
  }

  @Test
  void twoCampaignsSplitTheSameNumbersIndependently() {
    // Otherwise the same people would always be in group B of every test.
    VariantAssignment spring = VariantAssignment.of("shop/spring-sale", List.of(1, 1));
    VariantAssignment summer = VariantAssignment.of("shop/summer-sale", List.of(1, 1));
    long same = 0;
    for (int i = 0; i < NUMBERS; i++) {
      if (spring.indexFor(number(i)) == summer.indexFor(number(i))) {
        same++;
      }
    }
    assertThat(same / (double) NUMBERS)
        .isCloseTo(0.50, org.assertj.core.data.Offset.offset(TOLERANCE));
  }

  @Test
  void aSingleVariantTakesEveryone() {
    VariantAssignment assignment = VariantAssignment.of("shop/spring-sale", List.of(5));
    assertThat(assignment.indexFor("+33612345678")).isZero();
  }

  @Test
  void weightsBelowOneOrNoneAreRefused() {
    assertThatThrownBy(() -> VariantAssignment.of("c", List.of(1, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VariantAssignment.of("c", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
