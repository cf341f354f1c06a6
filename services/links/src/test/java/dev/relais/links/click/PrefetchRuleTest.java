package dev.relais.links.click;

import static dev.relais.links.click.PrefetchRule.Verdict.HUMAN;
import static dev.relais.links.click.PrefetchRule.Verdict.PREFETCH;
import static dev.relais.links.click.PrefetchRule.Verdict.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.links.click.PrefetchRule.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefetchRuleTest {

  private static final Instant DELIVERED = Instant.parse("2027-03-20T09:00:00Z");
  private final PrefetchRule rule = new PrefetchRule(Duration.ofSeconds(10));

  @ParameterizedTest(name = "click {0} ms after the delivery: {1}")
  @CsvSource({
    "0, PREFETCH",
    "1000, PREFETCH",
    "10000, PREFETCH",
    "10001, HUMAN",
    "30000, HUMAN",
    "86400000, HUMAN",
    // The receipt reaches dispatch after the handset fetched the link.
    "-3000, PREFETCH",
    "-10000, PREFETCH",
    // A receipt that came long after the click (a carrier batching its receipts).
    "-10001, HUMAN",
  })
  void aClickIsAPrefetchWithinTheWindowOfTheDelivery(long afterMillis, PrefetchRule.Verdict kind) {
    Instant click = DELIVERED.plusMillis(afterMillis);
    assertThat(rule.judge(click, Optional.of(new Receipt.Delivered(DELIVERED)), click))
        .isEqualTo(kind);
    // However late it is judged.
    assertThat(
            rule.judge(
                click, Optional.of(new Receipt.Delivered(DELIVERED)), click.plusSeconds(3600)))
        .isEqualTo(kind);
  }

  @Test
  void aClickWaitsForAReceiptNotRecordedYetThenCountsAsAPersons() {
    Instant click = DELIVERED;
    Optional<Receipt> none = Optional.of(new Receipt.None());
    assertThat(rule.judge(click, none, click)).isEqualTo(WAIT);
    assertThat(rule.judge(click, none, click.plusSeconds(39))).isEqualTo(WAIT);
    // Window (10 s) plus the grace dispatch has to report the receipt (30 s).
    assertThat(rule.judge(click, none, click.plusSeconds(40))).isEqualTo(HUMAN);
    assertThat(rule.judge(click, none, click.plusSeconds(3600))).isEqualTo(HUMAN);
  }

  @Test
  void aMessageThatWillNeverBeDeliveredCannotHaveBeenPrefetched() {
    assertThat(rule.judge(DELIVERED, Optional.of(new Receipt.Final()), DELIVERED)).isEqualTo(HUMAN);
  }

  @Test
  void whileAnalyticsCannotBeReadAClickWaitsFiveMinutesThenCountsByItsUserAgent() {
    assertThat(rule.judge(DELIVERED, Optional.empty(), DELIVERED)).isEqualTo(WAIT);
    assertThat(rule.judge(DELIVERED, Optional.empty(), DELIVERED.plusSeconds(299))).isEqualTo(WAIT);
    assertThat(rule.judge(DELIVERED, Optional.empty(), DELIVERED.plusSeconds(300)))
        .isEqualTo(HUMAN);
  }

  @Test
  void aZeroWindowTurnsTheRuleOff() {
    PrefetchRule off = new PrefetchRule(Duration.ZERO);
    assertThat(off.enabled()).isFalse();
    assertThat(off.judge(DELIVERED, Optional.of(new Receipt.Delivered(DELIVERED)), DELIVERED))
        .isEqualTo(HUMAN);
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.judge(DELIVERED, Optional.of(new Receipt.Delivered(DELIVERED)), DELIVERED))
        .isEqualTo(PREFETCH);
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThatThrownBy(() -> new PrefetchRule(Duration.ofSeconds(-1)))
        .hasMessageContaining("links.prefetchwindow");
  }
}
