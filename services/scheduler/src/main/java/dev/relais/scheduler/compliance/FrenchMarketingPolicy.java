package dev.relais.scheduler.compliance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * {@code fr-marketing}: marketing SMS only Monday to Saturday, 08:00 to 20:00 in the recipient's
 * local time, never on Sundays or French public holidays (the practice the CNIL and the French
 * telecom federation recommend). A message outside the window waits for the next opening.
 */
public final class FrenchMarketingPolicy implements CompliancePolicy {

  public static final String NAME = "fr-marketing";

  private static final LocalTime OPENS = LocalTime.of(8, 0);
  private static final LocalTime CLOSES = LocalTime.of(20, 0);

  /** Longest closed stretch is a holiday next to a Sunday: a few days, never a fortnight. */
  private static final int MAX_DAYS_AHEAD = 14;

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
    ZonedDateTime local = candidate.atZone(recipientZone);
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    for (int i = 0; i <= MAX_DAYS_AHEAD; i++) {
      if (isOpenDay(day)) {
        if (time.isBefore(OPENS)) {
          return ZonedDateTime.of(day, OPENS, recipientZone).toInstant();
        }
        if (time.isBefore(CLOSES)) {
          return candidate;
        }
      }
      day = day.plusDays(1);
      time = LocalTime.MIN;
    }
    throw new IllegalStateException("no sending window within " + MAX_DAYS_AHEAD + " days");
  }

  @Override
  public Instant windowCloses(Instant allowed, ZoneId recipientZone) {
    LocalDate day = allowed.atZone(recipientZone).toLocalDate();
    return ZonedDateTime.of(day, CLOSES, recipientZone).toInstant();
  }

  /** Monday to Saturday, except French public holidays. */
  public static boolean isOpenDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SUNDAY && !FrenchPublicHolidays.isHoliday(day);
  }
}
