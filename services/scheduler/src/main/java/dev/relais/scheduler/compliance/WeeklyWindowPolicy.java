package dev.relais.scheduler.compliance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compliance policy a platform declares in configuration: sending days, daily hours in the
 * recipient's local time, and optionally the French public holidays as closed days (the national
 * ones, and a recipient's local ones when their {@link RecipientPlace} is known). For example
 * {@code be-marketing MON-SAT 09:00-20:00 marketing} or {@code quiet-nights MON-SUN 08:00-22:00}.
 *
 * <p>Syntax: {@code <name> <days> <hours> [holidays=FR] [marketing]}, where days is a range such as
 * {@code MON-FRI} or a list such as {@code MON,WED,FRI}, hours is {@code HH:MM-HH:MM} (the end
 * excluded, {@code 24:00} meaning midnight), and {@code marketing} lets marketing campaigns use it.
 */
public final class WeeklyWindowPolicy implements CompliancePolicy {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern HOURS = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
  private static final int MAX_DAYS_AHEAD = 14;

  private final String name;
  private final Set<DayOfWeek> days;
  private final LocalTime opens;
  private final LocalTime closes; // LocalTime.MAX for 24:00
  private final boolean frenchHolidaysClosed;
  private final boolean marketing;

  private WeeklyWindowPolicy(
      String name,
      Set<DayOfWeek> days,
      LocalTime opens,
      LocalTime closes,
      boolean frenchHolidaysClosed,
      boolean marketing) {
    this.name = name;
    this.days = days;
    this.opens = opens;
    this.closes = closes;
    this.frenchHolidaysClosed = frenchHolidaysClosed;
    this.marketing = marketing;
  }

  /**
   * Parses one declaration.
   *
   * @throws IllegalArgumentException saying which part is wrong and what was expected
   */
  public static WeeklyWindowPolicy parse(String declaration) {
    String[] words = declaration.strip().split("\\s+");
    if (words.length < 3) {
      throw new IllegalArgumentException(
          "policy '"
              + declaration.strip()
              + "' must read '<name> <days> <hours> [holidays=FR] [marketing]', e.g."
              + " 'be-marketing MON-SAT 09:00-20:00 marketing'");
    }
    String name = words[0];
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "policy name '" + name + "' must be lower-case letters, digits and '-'");
    }
    Set<DayOfWeek> days = days(name, words[1]);
    Matcher hours = HOURS.matcher(words[2]);
    if (!hours.matches()) {
      throw new IllegalArgumentException(
          "policy " + name + ": hours '" + words[2] + "' must look like 08:00-20:00");
    }
    LocalTime opens = time(name, hours.group(1));
    LocalTime closes = hours.group(2).equals("24:00") ? LocalTime.MAX : time(name, hours.group(2));
    if (!opens.isBefore(closes)) {
      throw new IllegalArgumentException(
          "policy " + name + ": the window must open before it closes (" + words[2] + ")");
    }
    boolean holidays = false;
    boolean marketing = false;
    for (int i = 3; i < words.length; i++) {
      switch (words[i].toLowerCase(Locale.ROOT)) {
        case "holidays=fr" -> holidays = true;
        case "marketing" -> marketing = true;
        default ->
            throw new IllegalArgumentException(
                "policy "
                    + name
                    + ": unknown option '"
                    + words[i]
                    + "' (known: holidays=FR, marketing)");
      }
    }
    return new WeeklyWindowPolicy(name, days, opens, closes, holidays, marketing);
  }

  private static Set<DayOfWeek> days(String policy, String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
      String[] range = part.split("-", -1);
      if (range.length > 2) {
        throw new IllegalArgumentException(
            "policy " + policy + ": days '" + text + "' must look like MON-SAT or MON,WED,FRI");
      }
      DayOfWeek from = day(policy, range[0]);
      DayOfWeek to = range.length == 2 ? day(policy, range[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String policy, String abbreviation) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().startsWith(abbreviation) && abbreviation.length() == 3) {
        return day;
      }
    }
    throw new IllegalArgumentException(
        "policy " + policy + ": unknown day '" + abbreviation + "' (MON, TUE, ... SUN)");
  }

  private static LocalTime time(String policy, String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("policy " + policy + ": '" + text + "' is not a time");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean allowsMarketing() {
    return marketing;
  }

  @Override
  public Instant firstAllowed(Instant candidate, ZoneId recipientZone) {
    return firstAllowed(candidate, RecipientPlace.inZone(recipientZone));
  }

  @Override
  public Instant firstAllowed(Instant candidate, RecipientPlace recipient) {
    ZoneId recipientZone = recipient.zone();
    ZonedDateTime local = candidate.atZone(recipientZone);
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    for (int i = 0; i <= MAX_DAYS_AHEAD; i++) {
      if (isOpenDay(day, recipient.holidays())) {
        if (i > 0 || time.isBefore(opens)) {
          return ZonedDateTime.of(day, opens, recipientZone).toInstant();
        }
        if (time.isBefore(closes)) {
          return candidate;
        }
      }
      day = day.plusDays(1);
      time = LocalTime.MIN;
    }
    throw new IllegalStateException(
        name + ": no sending window within " + MAX_DAYS_AHEAD + " days");
  }

  @Override
  public Instant windowCloses(Instant allowed, ZoneId recipientZone) {
    LocalDate day = allowed.atZone(recipientZone).toLocalDate();
    return closes.equals(LocalTime.MAX)
        ? day.plusDays(1).atStartOfDay(recipientZone).toInstant()
        : ZonedDateTime.of(day, closes, recipientZone).toInstant();
  }

  private boolean isOpenDay(LocalDate day, FrenchHolidayArea holidays) {
    return days.contains(day.getDayOfWeek())
        && !(frenchHolidaysClosed && FrenchPublicHolidays.isHoliday(day, holidays));
  }
}
