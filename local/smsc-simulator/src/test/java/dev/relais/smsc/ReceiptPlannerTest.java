package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReceiptPlannerTest {

  private static final OutcomeMix MIX = new OutcomeMix(0.7, 0.2, 0.1);

  @Test
  void sameSeedGivesSameOutcomesAndDelays() {
    ReceiptPlanner first = new ReceiptPlanner(MIX, 100, 2_000, 7, true);
    ReceiptPlanner second = new ReceiptPlanner(MIX, 100, 2_000, 7, true);
    for (long sequence = 0; sequence < 1_000; sequence++) {
      assertThat(second.outcomeOf(sequence)).isEqualTo(first.outcomeOf(sequence));
      assertThat(second.delayMillisOf(sequence)).isEqualTo(first.delayMillisOf(sequence));
    }
  }

  @Test
  void outcomeDependsOnSequenceNotOnCallOrder() {
    ReceiptPlanner planner = new ReceiptPlanner(MIX, 0, 0, 7, true);
    DeliveryOutcome later = planner.outcomeOf(999);
    LongStream.range(0, 999).forEach(planner::outcomeOf);
    assertThat(planner.outcomeOf(999)).isEqualTo(later);
  }

  @Test
  void differentSeedsGiveDifferentSequences() {
    ReceiptPlanner a = new ReceiptPlanner(MIX, 0, 0, 1, true);
    ReceiptPlanner b = new ReceiptPlanner(MIX, 0, 0, 2, true);
    long differences =
        LongStream.range(0, 1_000).filter(s -> a.outcomeOf(s) != b.outcomeOf(s)).count();
    assertThat(differences).isGreaterThan(100);
  }

  @Test
  void fractionsAreHonouredOverManyMessages() {
    ReceiptPlanner planner = new ReceiptPlanner(MIX, 0, 0, 42, true);
    Map<DeliveryOutcome, Integer> counts = new EnumMap<>(DeliveryOutcome.class);
    int n = 100_000;
    for (long sequence = 0; sequence < n; sequence++) {
      counts.merge(planner.outcomeOf(sequence), 1, Integer::sum);
    }
    assertThat(counts.get(DeliveryOutcome.DELIVERED) / (double) n).isCloseTo(0.7, within(0.01));
    assertThat(counts.get(DeliveryOutcome.UNDELIVERABLE) / (double) n).isCloseTo(0.2, within(0.01));
    assertThat(counts.get(DeliveryOutcome.EXPIRED) / (double) n).isCloseTo(0.1, within(0.01));
  }

  @Test
  void delaysStayWithinBoundsAndSpreadOverThem() {
    ReceiptPlanner planner = new ReceiptPlanner(MIX, 100, 200, 42, true);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long sequence = 0; sequence < 10_000; sequence++) {
      long delay = planner.delayMillisOf(sequence);
      min = Math.min(min, delay);
      max = Math.max(max, delay);
    }
    assertThat(min).isEqualTo(100);
    assertThat(max).isEqualTo(200);
    assertThat(new ReceiptPlanner(MIX, 250, 250, 42, true).delayMillisOf(5)).isEqualTo(250);
  }

  @Test
  void registeredDeliveryIsHonoured() {
    ReceiptPlanner planner = new ReceiptPlanner(MIX, 0, 0, 42, true);
    assertThat(planner.receiptWanted(0x00, DeliveryOutcome.DELIVERED)).isFalse();
    assertThat(planner.receiptWanted(0x01, DeliveryOutcome.DELIVERED)).isTrue();
    assertThat(planner.receiptWanted(0x01, DeliveryOutcome.EXPIRED)).isTrue();
    assertThat(planner.receiptWanted(0x02, DeliveryOutcome.DELIVERED)).isFalse();
    assertThat(planner.receiptWanted(0x02, DeliveryOutcome.UNDELIVERABLE)).isTrue();
    // Intermediate-notification bit alone does not ask for a final receipt.
    assertThat(planner.receiptWanted(0x10, DeliveryOutcome.DELIVERED)).isFalse();
  }

  @Test
  void receiptsCanBeForcedRegardlessOfRegisteredDelivery() {
    ReceiptPlanner planner = new ReceiptPlanner(MIX, 0, 0, 42, false);
    assertThat(planner.receiptWanted(0x00, DeliveryOutcome.DELIVERED)).isTrue();
  }

  @Test
  void mixMustAddUpToOne() {
    assertThatThrownBy(() -> new OutcomeMix(0.5, 0.2, 0.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutcomeMix(1.2, -0.2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(OutcomeMix.delivered(0.9).undeliverable()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void pickAtTheTopEdgeFallsInTheLastNonEmptyRange() {
    assertThat(new OutcomeMix(0.5, 0.5, 0).pick(0.9999999999))
        .isEqualTo(DeliveryOutcome.UNDELIVERABLE);
    assertThat(OutcomeMix.ALL_DELIVERED.pick(0.9999999999)).isEqualTo(DeliveryOutcome.DELIVERED);
  }
}
