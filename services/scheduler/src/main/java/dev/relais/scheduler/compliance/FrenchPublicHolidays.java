package dev.relais.scheduler.compliance;

import java.time.LocalDate;
import java.time.Month;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The public holidays of France: the eleven national ones (Code du travail, art. L3133-1), eight
 * fixed dates and three that follow Easter (Easter Monday, Ascension Thursday, Whit Monday), plus
 * the days of a {@link FrenchHolidayArea}:
 *
 * <ul>
 *   <li>the commemoration of the abolition of slavery, a public holiday overseas (loi n° 83-550 of
 *       30 June 1983, Code du travail art. L3422-2) on the date décret n° 83-1003 of 23 November
 *       1983, as amended, sets for each: Guadeloupe 27 May, Guyane 10 June, Martinique 22 May,
 *       Mayotte 27 April, La Réunion 20 December, and, since décret n° 2012-553 of 23 April 2012,
 *       Saint-Barthélemy 9 October; Saint-Martin 28 May (the date its territorial council adopted
 *       in 2015 and the préfecture has applied as the public holiday since 2018, where the 2012
 *       décret had set 27 May);
 *   <li>in Alsace-Moselle (Moselle, Bas-Rhin, Haut-Rhin), Good Friday and 26 December (Code du
 *       travail, art. L3134-13). The code makes Good Friday a holiday in communes with a Protestant
 *       or mixed church; it is applied here to the whole area, the usual practice.
 * </ul>
 */
public final class FrenchPublicHolidays {

  private static final Map<FrenchHolidayArea, MonthDay> ABOLITION_OF_SLAVERY =
      Map.of(
          FrenchHolidayArea.MAYOTTE, new MonthDay(Month.APRIL, 27),
          FrenchHolidayArea.MARTINIQUE, new MonthDay(Month.MAY, 22),
          FrenchHolidayArea.GUADELOUPE, new MonthDay(Month.MAY, 27),
          FrenchHolidayArea.SAINT_MARTIN, new MonthDay(Month.MAY, 28),
          FrenchHolidayArea.GUYANE, new MonthDay(Month.JUNE, 10),
          FrenchHolidayArea.SAINT_BARTHELEMY, new MonthDay(Month.OCTOBER, 9),
          FrenchHolidayArea.LA_REUNION, new MonthDay(Month.DECEMBER, 20));

  private static final ConcurrentMap<Integer, Set<LocalDate>> BY_YEAR = new ConcurrentHashMap<>();

  private record MonthDay(Month month, int day) {}

  private FrenchPublicHolidays() {}

  /** Whether {@code date} is a national holiday. */
  public static boolean isHoliday(LocalDate date) {
    return of(date.getYear()).contains(date);
  }

  /** Whether {@code date} is a holiday for recipients of {@code area}: national or local. */
  public static boolean isHoliday(LocalDate date, FrenchHolidayArea area) {
    return isHoliday(date) || localDays(date.getYear(), area).contains(date);
  }

  /** The national holidays of one year. */
  public static Set<LocalDate> of(int year) {
    return BY_YEAR.computeIfAbsent(year, FrenchPublicHolidays::compute);
  }

  /** The holidays of one year for recipients of {@code area}: the national ones and its own. */
  public static Set<LocalDate> of(int year, FrenchHolidayArea area) {
    Set<LocalDate> days = new HashSet<>(of(year));
    days.addAll(localDays(year, area));
    return Set.copyOf(days);
  }

  private static Set<LocalDate> localDays(int year, FrenchHolidayArea area) {
    if (area == FrenchHolidayArea.ALSACE_MOSELLE) {
      return Set.of(
          easterSunday(year).minusDays(2), // Good Friday
          LocalDate.of(year, Month.DECEMBER, 26));
    }
    MonthDay abolition = ABOLITION_OF_SLAVERY.get(area);
    return abolition == null
        ? Set.of()
        : Set.of(LocalDate.of(year, abolition.month(), abolition.day()));
  }

  private static Set<LocalDate> compute(int year) {
    LocalDate easter = easterSunday(year);
    return Set.of(
        LocalDate.of(year, Month.JANUARY, 1),
        easter.plusDays(1), // Easter Monday
        LocalDate.of(year, Month.MAY, 1),
        LocalDate.of(year, Month.MAY, 8),
        easter.plusDays(39), // Ascension Thursday
        easter.plusDays(50), // Whit Monday
        LocalDate.of(year, Month.JULY, 14),
        LocalDate.of(year, Month.AUGUST, 15),
        LocalDate.of(year, Month.NOVEMBER, 1),
        LocalDate.of(year, Month.NOVEMBER, 11),
        LocalDate.of(year, Month.DECEMBER, 25));
  }

  /** Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" computus). */
  public static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }
}
