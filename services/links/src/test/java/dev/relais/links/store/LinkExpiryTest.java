package dev.relais.links.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinkExpiryTest {

  private static final Instant CREATED = Instant.parse("2026-03-02T09:00:00Z");

  private static Link link(Instant expires) {
    return Link.created(
        "aZ09aZ09aZ09", "shop/spring", "", "m-1", "c-1", "https://x.fr", CREATED, expires);
  }

  @Test
  void aLinkLeadsToItsTargetUntilItsExpiryExcluded() {
    Link link = link(CREATED.plus(Duration.ofDays(90)));
    assertThat(link.expiredAt(CREATED)).isFalse();
    assertThat(link.expiredAt(CREATED.plus(Duration.ofDays(90)).minusMillis(1))).isFalse();
    assertThat(link.expiredAt(CREATED.plus(Duration.ofDays(90)))).isTrue();
    assertThat(link.expiredAt(CREATED.plus(Duration.ofDays(91)))).isTrue();
  }

  @Test
  void theRowLivesExactlyAsLongAsTheLinkRoundedUpToTheSecond() {
    assertThat(LinkDao.ttlSeconds(CREATED, CREATED.plus(Duration.ofDays(90))))
        .isEqualTo(90 * 86_400);
    assertThat(LinkDao.ttlSeconds(CREATED, CREATED.plusMillis(1500))).isEqualTo(2);
  }

  @Test
  void aRowNeverGetsTheZeroTtlThatWouldKeepItForever() {
    assertThat(LinkDao.ttlSeconds(CREATED, CREATED)).isEqualTo(1);
    assertThat(LinkDao.ttlSeconds(CREATED, CREATED.minusSeconds(30))).isEqualTo(1);
  }
}
