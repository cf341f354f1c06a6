package dev.relais.scheduler.compliance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * {@code fr-marketing}: marketing SMS only Monday to Saturday, 08:00 to 20:00 in the recipient's
 * local time, never on Sundays or French public holidays (the practice the CNIL and the French
 * telecom federation recommend). A message outside the window waits for the next opening.
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

  /** Monday to Saturday, except French public holidays. */
  public static boolean isOpenDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SUNDAY && !FrenchPublicHolidays.isHoliday(day);
  }
}
