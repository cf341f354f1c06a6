package dev.relais.scheduler.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrenchPublicHolidaysTest {

  @ParameterizedTest
  @CsvSource({
    "2008, 2008-03-23",
    "2019, 2019-04-21",
    "2024, 2024-03-31",
    "2025, 2025-04-20",
    "2026, 2026-04-05",
    "2027, 2027-03-28",
    "2038, 2038-04-25",
    "2285, 2285-03-22"
  })
  void computesEasterSunday(int year, LocalDate easter) {
    assertThat(FrenchPublicHolidays.easterSunday(year)).isEqualTo(easter);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-01-01",
    "2026-04-06",
    "2026-05-01",
    "2026-05-08",
    "2026-05-14",
    "2026-05-25",
    "2026-07-14",
    "2026-08-15",
    "2026-11-01",
    "2026-11-11",
    "2026-12-25",
    "2027-01-01",
    "2027-03-29",
    "2027-05-01",
    "2027-05-06",
    "2027-05-08",
    "2027-05-17",
    "2027-07-14",
    "2027-08-15",
    "2027-11-01",
    "2027-11-11",
    "2027-12-25"
  })
  void knowsTheElevenHolidaysOf2026And2027(LocalDate day) {
    assertThat(FrenchPublicHolidays.isHoliday(day)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "2026-04-05", // Easter Sunday itself is a Sunday, not a listed holiday
    "2026-04-03", // Good Friday: only in Alsace-Moselle
    "2026-12-26", // St Stephen: only in Alsace-Moselle
    "2027-04-05", // 2026's Easter Monday date, one year later
    "2026-05-24", // Whit Sunday
    "2026-11-24"
  })
  void otherDaysAreNotHolidays(LocalDate day) {
    assertThat(FrenchPublicHolidays.isHoliday(day)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"2026", "2027", "2030"})
  void elevenHolidaysEveryYear(int year) {
    assertThat(FrenchPublicHolidays.of(year)).hasSize(11);
  }
}
