package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.scheduler.v1.ClickCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentClicksTest {

  private static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** A links service that counts one more click at every read, and records who asked. */
  private static final class CountingLinks implements CampaignClicks {
    final List<String> asked = new ArrayList<>();
    boolean down;

    @Override
    public Optional<Clicks> of(String campaignId) {
      asked.add(campaignId);
      if (down) {
        return Optional.empty();
      }
      ClickCounts total = ClickCounts.newBuilder().setClicks(asked.size()).build();
      return Optional.of(new Clicks(total, Map.of()));
    }
  }

  private static final class SteppedClock extends Clock {
    Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final CountingLinks links = new CountingLinks();
  private final SteppedClock clock = new SteppedClock();
  private final RecentClicks clicks = new RecentClicks(links, MAX_AGE, clock);

  private long clicksOf(String campaignId) {
    return clicks.of(campaignId).orElseThrow().total().getClicks();
  }

  @Test
  void readsWithinMaxAgeShareOneAnswer() {
    assertThat(clicksOf("a")).isEqualTo(1);
    clock.now = clock.now.plusMillis(999);
    assertThat(clicksOf("a")).isEqualTo(1);
    assertThat(links.asked).containsExactly("a");
  }

  @Test
  void anAnswerAsOldAsMaxAgeIsAskedAgain() {
    assertThat(clicksOf("a")).isEqualTo(1);
    clock.now = clock.now.plus(MAX_AGE);
    assertThat(clicksOf("a")).isEqualTo(2);
    assertThat(links.asked).containsExactly("a", "a");
  }

  @Test
  void eachCampaignHasItsOwnAnswer() {
    assertThat(clicksOf("a")).isEqualTo(1);
    assertThat(clicksOf("b")).isEqualTo(2);
    assertThat(clicksOf("a")).isEqualTo(1);
    assertThat(links.asked).containsExactly("a", "b");
  }

  @Test
  void anUnknownAnswerIsNotRemembered() {
    assertThat(clicksOf("a")).isEqualTo(1);
    clock.now = clock.now.plus(MAX_AGE);
    links.down = true;
    assertThat(clicks.of("a")).isEmpty();
    links.down = false;
    assertThat(clicksOf("a")).isEqualTo(3);
    assertThat(links.asked).hasSize(3);
  }

  @Test
  void aClockThatWentBackDoesNotKeepAnAnswerForever() {
    assertThat(clicksOf("a")).isEqualTo(1);
    clock.now = clock.now.minusSeconds(60);
    assertThat(clicksOf("a")).isEqualTo(2);
  }
}
