package dev.relais.scheduler.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.MarketingSend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrequencyCapTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static Timestamp daysAgo(double days) {
    return Timestamp.newBuilder()
        .setSeconds(NOW.minusSeconds((long) (days * 86_400)).getEpochSecond())
        .build();
  }

  @Test
  void defaultIsFourPerThirtyDays() {
    assertThat(FrequencyCap.of(0, 0)).isEqualTo(new FrequencyCap(4, Duration.ofDays(30)));
    assertThat(FrequencyCap.of(2, 0)).isEqualTo(new FrequencyCap(2, Duration.ofDays(30)));
  }

  @Test
  void theFifthMessageWithinThirtyDaysIsCapped() {
    FrequencyCap cap = FrequencyCap.DEFAULT;
    List<Timestamp> three = List.of(daysAgo(1), daysAgo(10), daysAgo(29));
    List<Timestamp> four = List.of(daysAgo(1), daysAgo(10), daysAgo(29), daysAgo(29.9));

    assertThat(cap.reached(three, NOW)).isFalse();
    assertThat(cap.reached(four, NOW)).isTrue();
  }

  @Test
  void sendsOlderThanThePeriodNoLongerCount() {
    List<Timestamp> sends = List.of(daysAgo(1), daysAgo(10), daysAgo(29), daysAgo(30), daysAgo(45));

    assertThat(FrequencyCap.DEFAULT.reached(sends, NOW)).isFalse();
    assertThat(FrequencyCap.of(4, 31).reached(sends, NOW)).isTrue();
  }

  @Test
  void noHistoryIsNeverCapped() {
    assertThat(new FrequencyCap(1, Duration.ofDays(7)).reached(List.of(), NOW)).isFalse();
    assertThat(new FrequencyCap(1, Duration.ofDays(7)).reached(List.of(daysAgo(2)), NOW)).isTrue();
  }

  private static MarketingSend send(String campaign, double days) {
    return MarketingSend.newBuilder().setCampaignId(campaign).setSentAt(daysAgo(days)).build();
  }

  @Test
  void aCampaignExpandingAPageAgainLeavesItsOwnSendOut() {
    // Three other campaigns this month, and this campaign's own send recorded by a first attempt
    // at the page whose queueing then failed: the retry must still send.
    List<MarketingSend> sends =
        List.of(send("ns/a", 2), send("ns/b", 9), send("ns/c", 20), send("ns/winter", 0));

    assertThat(FrequencyCap.DEFAULT.reachedFor("ns/winter", sends, NOW)).isFalse();
    assertThat(FrequencyCap.DEFAULT.reachedFor("ns/spring", sends, NOW)).isTrue();
  }

  @Test
  void nonsenseCapsAreRefused() {
    assertThatThrownBy(() -> FrequencyCap.of(-1, 30)).hasMessageContaining("negative");
    assertThatThrownBy(() -> FrequencyCap.of(4, 365)).hasMessageContaining("between 1 and 90");
  }
}
