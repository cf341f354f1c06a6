package dev.relais.contacts.gdpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final RetentionPolicy THREE_YEARS =
      new RetentionPolicy(RetentionPolicy.DEFAULT_INACTIVE);

  private static Instant daysAgo(long days) {
    return NOW.minus(Duration.ofDays(days));
  }

  @Test
  void theDefaultIsThreeYears() {
    assertThat(RetentionPolicy.DEFAULT_INACTIVE).isEqualTo(Duration.ofDays(1095));
  }

  @Test
  void aContactWhoseLastInteractionIsOlderThanTheLimitIsExpired() {
    assertThat(THREE_YEARS.expired(daysAgo(1096), daysAgo(2000), null, daysAgo(1), NOW)).isTrue();
    assertThat(THREE_YEARS.expired(daysAgo(1094), daysAgo(2000), null, daysAgo(1), NOW)).isFalse();
  }

  @Test
  void theLatestSignOfThePersonCounts() {
    // Consent renewed last year keeps an old contact alive; so does a STOP reply.
    assertThat(THREE_YEARS.expired(daysAgo(1500), daysAgo(300), null, daysAgo(1500), NOW))
        .isFalse();
    assertThat(THREE_YEARS.expired(daysAgo(1500), daysAgo(1500), daysAgo(10), daysAgo(1500), NOW))
        .isFalse();
    assertThat(RetentionPolicy.lastActivity(daysAgo(5), daysAgo(3), daysAgo(9), daysAgo(1)))
        .contains(daysAgo(3));
  }

  @Test
  void aReImportDoesNotCountAsAnInteractionOfThePerson() {
    // Written yesterday by an import, but the person's own last sign is four years old.
    assertThat(THREE_YEARS.expired(daysAgo(1460), null, null, daysAgo(1), NOW)).isTrue();
  }

  @Test
  void withoutAnyPersonalDateTheCollectionDateStandsForIt() {
    assertThat(THREE_YEARS.expired(null, null, null, daysAgo(1100), NOW)).isTrue();
    assertThat(THREE_YEARS.expired(null, null, null, daysAgo(30), NOW)).isFalse();
    assertThat(RetentionPolicy.lastActivity(null, null, null, daysAgo(30))).contains(daysAgo(30));
  }

  @Test
  void aRowWithoutAnyDateIsNeverPurgedHere() {
    assertThat(THREE_YEARS.expired(null, null, null, null, NOW)).isFalse();
    assertThat(RetentionPolicy.lastActivity(null, null, null, null)).isEmpty();
  }

  @Test
  void zeroTurnsThePurgeOffAndNegativeIsRefused() {
    RetentionPolicy off = new RetentionPolicy(Duration.ZERO);
    assertThat(off.enabled()).isFalse();
    assertThat(off.expired(daysAgo(5000), null, null, daysAgo(5000), NOW)).isFalse();
    assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queueResultsAddUpAndStaySearchedOnlyIfBothWere() {
    QueueErasure.Result first = new QueueErasure.Result(3, 2, true);
    assertThat(first.plus(new QueueErasure.Result(1, 1, true)))
        .isEqualTo(new QueueErasure.Result(4, 3, true));
    assertThat(first.plus(QueueErasure.Result.NOT_SEARCHED).searched()).isFalse();
  }
}
