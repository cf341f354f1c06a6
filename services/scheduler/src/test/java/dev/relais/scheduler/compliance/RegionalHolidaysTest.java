package dev.relais.scheduler.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The holidays of the overseas departments and of Alsace-Moselle: which recipients they apply to,
 * and that fr-marketing holds their messages until the next open day.
 */
class RegionalHolidaysTest {

  private final CompliancePolicy policy = new FrenchMarketingPolicy();

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "MAYOTTE, 2027-04-27",
    "MARTINIQUE, 2027-05-22",
    "GUADELOUPE, 2027-05-27",
    "SAINT_MARTIN, 2027-05-28",
    "GUYANE, 2027-06-10",
    "SAINT_BARTHELEMY, 2027-10-09",
    "LA_REUNION, 2027-12-20",
    "ALSACE_MOSELLE, 2027-03-26", // Good Friday 2027
    "ALSACE_MOSELLE, 2027-12-26",
    "ALSACE_MOSELLE, 2026-04-03", // Good Friday 2026
    "ALSACE_MOSELLE, 2026-12-26"
  })
  void eachAreaHasItsOwnHoliday(FrenchHolidayArea area, LocalDate day) {
    assertThat(FrenchPublicHolidays.isHoliday(day, area)).isTrue();
    assertThat(FrenchPublicHolidays.of(day.getYear(), area)).contains(day).hasSize(13 - size(area));
    // Nowhere else: not in metropolitan France, not in the other areas.
    assertThat(FrenchPublicHolidays.isHoliday(day)).isFalse();
    assertThat(FrenchPublicHolidays.isHoliday(day, FrenchHolidayArea.NATIONAL)).isFalse();
    for (FrenchHolidayArea other : FrenchHolidayArea.values()) {
      if (other != area) {
        assertThat(FrenchPublicHolidays.isHoliday(day, other)).as(other.name()).isFalse();
      }
    }
  }

  /** Alsace-Moselle has two days of its own, each overseas area one. */
  private static int size(FrenchHolidayArea area) {
    return area == FrenchHolidayArea.ALSACE_MOSELLE ? 0 : 1;
  }

  @ParameterizedTest
  @EnumSource(FrenchHolidayArea.class)
  void everyAreaKeepsTheNationalHolidays(FrenchHolidayArea area) {
    assertThat(FrenchPublicHolidays.of(2027, area)).containsAll(FrenchPublicHolidays.of(2027));
  }

  @ParameterizedTest(name = "{0} {1} postal code {2}: {3}")
  @CsvSource({
    "GP, +590690123456, '', GUADELOUPE",
    "MQ, +596696123456, '', MARTINIQUE",
    "GF, +594694201234, '', GUYANE",
    "RE, +262692123456, '', LA_REUNION",
    "YT, +262639012345, '', MAYOTTE",
    "BL, +590690123456, '', SAINT_BARTHELEMY",
    "MF, +590690123456, '', SAINT_MARTIN",
    // Without a region from contacts, the number tells it.
    "'', +590690123456, '', GUADELOUPE",
    "'', +262692123456, '', LA_REUNION",
    "'', +262639012345, '', MAYOTTE",
    "'', +262269612345, '', MAYOTTE",
    // Alsace-Moselle numbers are +33 like any: the postal code tells it.
    "FR, +33612345678, 67000, ALSACE_MOSELLE",
    "FR, +33612345678, 57000, ALSACE_MOSELLE",
    "FR, +33612345678, 68 100, ALSACE_MOSELLE",
    "'', +33388123456, 68100, ALSACE_MOSELLE",
    "FR, +33612345678, 75011, NATIONAL",
    "FR, +33612345678, '', NATIONAL",
    "FR, +33612345678, 6700, NATIONAL",
    // A postal code does not move a recipient whose number says elsewhere.
    "RE, +262692123456, 67000, LA_REUNION",
    "BE, +32470123456, 67000, NATIONAL",
    "'', +447700900123, '', NATIONAL"
  })
  void theAreaComesFromTheRegionOrNumberAndForAlsaceMoselleThePostalCode(
      String region, String phone, String postalCode, FrenchHolidayArea area) {
    assertThat(FrenchHolidayArea.of(region, phone, postalCode)).isEqualTo(area);
  }

  @ParameterizedTest(name = "{0} {1} at {2}: held until {3}")
  @CsvSource({
    // Mayotte, Tuesday 27 April 2027: Wednesday 08:00 local time.
    "YT, +262639012345, 2027-04-27T10:00, 2027-04-28T08:00",
    // Martinique, Saturday 22 May 2027: Sunday is closed too, so Monday.
    "MQ, +596696123456, 2027-05-22T09:00, 2027-05-24T08:00",
    // Guadeloupe, Thursday 27 May 2027: Friday.
    "GP, +590690123456, 2027-05-27T12:00, 2027-05-28T08:00",
    // Saint-Martin, Friday 28 May 2027: Saturday.
    "MF, +590690123456, 2027-05-28T12:00, 2027-05-29T08:00",
    // Guyane, Thursday 10 June 2027: Friday.
    "GF, +594694201234, 2027-06-10T12:00, 2027-06-11T08:00",
    // Saint-Barthélemy, Saturday 9 October 2027: Monday.
    "BL, +590690123456, 2027-10-09T12:00, 2027-10-11T08:00",
    // La Réunion, Monday 20 December 2027: Tuesday.
    "RE, +262692123456, 2027-12-20T12:00, 2027-12-21T08:00",
    // The evening before counts too: Guadeloupe, Wednesday 26 May after 20:00.
    "GP, +590690123456, 2027-05-26T20:30, 2027-05-28T08:00"
  })
  void anOverseasRecipientIsHeldUntilTheDayAfterTheirHoliday(
      String region, String phone, String local, String heldUntil) {
    RecipientPlace place = RecipientPlace.of(region, phone, "", ZoneId.of("Europe/Paris"));
    ZoneId zone = place.zone();

    Instant allowed = policy.firstAllowed(at(local, zone), place);

    assertThat(allowed).isEqualTo(at(heldUntil, zone));
    // Somebody in Paris at the same instant is not held for it.
    Instant sameInstant = at(local, zone);
    RecipientPlace paris = RecipientPlace.of("FR", "+33612345678", "75011", null);
    assertThat(policy.firstAllowed(sameInstant, paris))
        .isEqualTo(policy.firstAllowed(sameInstant, ZoneId.of("Europe/Paris")));
  }

  @Test
  void anAlsaceMoselleRecipientIsHeldOverGoodFridayAndMetropolitanOnesAreNot() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    RecipientPlace strasbourg = RecipientPlace.of("FR", "+33612345678", "67000", paris);
    RecipientPlace lyon = RecipientPlace.of("FR", "+33612345678", "69003", paris);
    Instant goodFriday = at("2027-03-26T10:00", paris);

    assertThat(policy.firstAllowed(goodFriday, strasbourg))
        .isEqualTo(at("2027-03-27T08:00", paris));
    assertThat(policy.firstAllowed(goodFriday, lyon)).isEqualTo(goodFriday);
    // Saturday 26 December 2026 is sent on in Lyon, held until Monday in Strasbourg.
    Instant stStephen = at("2026-12-26T10:00", paris);
    assertThat(policy.firstAllowed(stStephen, strasbourg)).isEqualTo(at("2026-12-28T08:00", paris));
    assertThat(policy.firstAllowed(stStephen, lyon)).isEqualTo(stStephen);
    // Known by zone only, a recipient gets the national holidays, as before.
    assertThat(policy.firstAllowed(goodFriday, paris)).isEqualTo(goodFriday);
  }

  @Test
  void aDeclaredPolicyWithFrenchHolidaysClosesOnTheRecipientsOwnToo() {
    CompliancePolicy declared =
        WeeklyWindowPolicy.parse("quiet MON-SUN 09:00-21:00 holidays=FR marketing");
    RecipientPlace reunion = RecipientPlace.of("RE", "+262692123456", "", null);
    Instant holiday = at("2027-12-20T10:00", reunion.zone());

    assertThat(declared.firstAllowed(holiday, reunion))
        .isEqualTo(at("2027-12-21T09:00", reunion.zone()));
    assertThat(declared.firstAllowed(holiday, reunion.zone())).isEqualTo(holiday);
    CompliancePolicy withoutHolidays = WeeklyWindowPolicy.parse("plain MON-SUN 09:00-21:00");
    assertThat(withoutHolidays.firstAllowed(holiday, reunion)).isEqualTo(holiday);
  }

  private static Instant at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }
}
