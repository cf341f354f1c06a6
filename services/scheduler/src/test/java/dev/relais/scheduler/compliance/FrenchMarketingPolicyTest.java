package dev.relais.scheduler.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrenchMarketingPolicyTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final FrenchMarketingPolicy policy = new FrenchMarketingPolicy();

  private static Instant paris(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }

  private Instant allowed(String localDateTime) {
    return policy.firstAllowed(paris(localDateTime), PARIS);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // Inside the window: unchanged.
    "2026-11-24T10:00, 2026-11-24T10:00", // Tuesday
    "2026-11-24T08:00, 2026-11-24T08:00", // opening minute
    "2026-11-24T19:59:59, 2026-11-24T19:59:59",
    "2026-11-28T12:00, 2026-11-28T12:00", // Saturday is allowed
    // Before opening: same day at 08:00.
    "2026-11-24T07:59, 2026-11-24T08:00",
    "2026-11-24T00:00, 2026-11-24T08:00",
    // At or after closing: next open day at 08:00.
    "2026-11-24T20:00, 2026-11-25T08:00",
    "2026-11-24T23:30, 2026-11-25T08:00",
    // Saturday evening and Sunday wait for Monday.
    "2026-11-28T20:00, 2026-11-30T08:00",
    "2026-11-29T11:00, 2026-11-30T08:00",
    // Public holidays.
    "2026-11-11T10:00, 2026-11-12T08:00", // Armistice, Wednesday
    "2026-07-14T09:00, 2026-07-15T08:00", // Bastille Day, Tuesday
    "2026-05-14T10:00, 2026-05-15T08:00", // Ascension (Easter + 39)
    "2026-05-25T10:00, 2026-05-26T08:00", // Whit Monday (Easter + 50)
    "2026-04-06T10:00, 2026-04-07T08:00", // Easter Monday
    "2026-12-24T21:00, 2026-12-26T08:00", // Christmas Friday, then Saturday
    "2026-12-31T20:30, 2027-01-02T08:00", // New Year's Day Friday
    "2027-05-06T12:00, 2027-05-07T08:00", // Ascension 2027
    "2027-05-07T20:00, 2027-05-10T08:00", // Saturday May 8th is a holiday, then Sunday
    "2027-05-15T20:30, 2027-05-18T08:00", // Sunday, then Whit Monday 2027
  })
  void firstAllowedInstant(String candidate, String expected) {
    assertThat(allowed(candidate)).isEqualTo(paris(expected));
  }

  @Test
  void springForwardWeekendOpensMondayAtEightSummerTime() {
    // 2026-03-29 is the Sunday clocks go from 02:00 to 03:00 in Paris.
    Instant result = allowed("2026-03-28T21:00");

    assertThat(result).isEqualTo(Instant.parse("2026-03-30T06:00:00Z"));
  }

  @Test
  void easterWeekendWithSpringForward2027() {
    // 2027: Easter Sunday is also the clock change; Easter Monday is a holiday.
    Instant result = allowed("2027-03-27T21:00");

    assertThat(result).isEqualTo(Instant.parse("2027-03-30T06:00:00Z"));
  }

  @Test
  void fallBackWeekendOpensMondayAtEightWinterTime() {
    // 2026-10-25: clocks go from 03:00 back to 02:00.
    Instant result = allowed("2026-10-24T22:00");

    assertThat(result).isEqualTo(Instant.parse("2026-10-26T07:00:00Z"));
  }

  @Test
  void windowFollowsTheRecipientsZone() {
    ZoneId reunion = ZoneId.of("Indian/Reunion"); // UTC+4, no DST
    // 03:00Z is 07:00 in Réunion (too early) but 04:00 in Paris.
    Instant result = policy.firstAllowed(Instant.parse("2026-11-24T03:00:00Z"), reunion);

    assertThat(result).isEqualTo(Instant.parse("2026-11-24T04:00:00Z"));
    assertThat(policy.firstAllowed(Instant.parse("2026-11-24T17:00:00Z"), reunion))
        .isEqualTo(Instant.parse("2026-11-25T04:00:00Z"));
  }

  @Test
  void neverReturnsAnInstantBeforeTheCandidate() {
    Instant t = paris("2026-01-01T00:00");
    for (int hour = 0; hour < 24 * 60; hour += 7) {
      Instant candidate = t.plusSeconds(hour * 3600L);
      Instant result = policy.firstAllowed(candidate, PARIS);
      assertThat(result).isAfterOrEqualTo(candidate);
      var local = result.atZone(PARIS);
      assertThat(local.getHour()).isBetween(8, 19);
      assertThat(FrenchMarketingPolicy.isOpenDay(local.toLocalDate())).isTrue();
    }
  }

  @Test
  void transactionalAllowsAnyTime() {
    Instant sundayNight = paris("2026-11-29T03:00");

    assertThat(new TransactionalPolicy().firstAllowed(sundayNight, PARIS)).isEqualTo(sundayNight);
  }
}
