package dev.relais.scheduler.compliance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code fr-marketing}: marketing SMS only Monday to Saturday, 08:00 to 20:00 in the recipient's
 * local time, never on Sundays or French public holidays (the practice the CNIL and the French
 * telecom federation recommend): the national ones, and a recipient's local ones (abolition of
 * slavery overseas, Good Friday and 26 December in Alsace-Moselle) when their {@link
 * RecipientPlace} tells them. A message outside the window waits for the next opening.
 */
public final class FrenchMarketingPolicy implements CompliancePolicy {

  public static final String NAME = "fr-marketing";

  /** The same rule as a platform would declare it (see WeeklyWindowPolicy). */
  private static final WeeklyWindowPolicy WINDOW =
      WeeklyWindowPolicy.parse(NAME + " MON-SAT 08:00-20:00 holidays=FR marketing");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean allowsMarketing() {
    return true;
  }

  @Override
  public Instant firstAllowed(Instant candidate, ZoneId recipientZone) {
    return WINDOW.firstAllowed(candidate, recipientZone);
  }

  @Override
  public Instant windowCloses(Instant allowed, ZoneId recipientZone) {
    return WINDOW.windowCloses(allowed, recipientZone);
  }

  @Override
  public Instant firstAllowed(Instant candidate, RecipientPlace recipient) {
    return WINDOW.firstAllowed(candidate, recipient);
  }

  @Override
  public Instant windowCloses(Instant allowed, RecipientPlace recipient) {
    return WINDOW.windowCloses(allowed, recipient);
  }

  /** Monday to Saturday, except French national public holidays. */
  public static boolean isOpenDay(LocalDate day) {
    return isOpenDay(day, FrenchHolidayArea.NATIONAL);
  }

  /** Monday to Saturday, except the public holidays of recipients in {@code area}. */
  public static boolean isOpenDay(LocalDate day, FrenchHolidayArea area) {
    return day.getDayOfWeek() != DayOfWeek.SUNDAY && !FrenchPublicHolidays.isHoliday(day, area);
  }
}
