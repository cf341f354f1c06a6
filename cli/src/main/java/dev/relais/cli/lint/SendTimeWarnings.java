package dev.relais.cli.lint;

import dev.relais.operator.api.CampaignSpec;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.compliance.CompliancePolicy;
import dev.relais.scheduler.compliance.FrenchPublicHolidays;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * When the scheduler would send a campaign that declares its start: its compliance policy ({@code
 * fr-marketing}: Monday to Saturday 08:00-20:00, no public holidays) holds messages due outside its
 * window until the window opens, in the recipient's zone (the campaign's {@code schedule.timeZone}
 * here), and suppresses those that cannot leave before the deadline.
 */
final class SendTimeWarnings {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  private SendTimeWarnings() {}

  static void check(
      LintedDocument document,
      CampaignSpec spec,
      CompiledCampaign campaign,
      Instant now,
      List<Finding> findings) {
    if (!campaign.deadline().isAfter(now)) {
      findings.add(
          document.warning(
              spec.schedule != null && spec.schedule.deadline != null
                  ? "spec.schedule.deadline"
                  : "spec.schedule.start",
              "the campaign's deadline ("
                  + campaign.deadline()
                  + ") has passed: it would complete without sending anything"));
      return;
    }
    if (spec.schedule == null || spec.schedule.start == null) {
      return; // It starts when applied: no telling when that is.
    }
    CompliancePolicy policy = campaign.policy();
    ZoneId zone = campaign.zone();
    Instant start = campaign.start();
    Instant allowed = policy.firstAllowed(start, zone);
    if (!allowed.isAfter(start)) {
      return;
    }
    String why = why(policy, start, allowed, zone);
    if (!allowed.isBefore(campaign.deadline())) {
      findings.add(
          document.warning(
              "spec.schedule",
              why
                  + ", and the "
                  + policy.name()
                  + " window does not open before the deadline ("
                  + WHEN.format(campaign.deadline().atZone(zone))
                  + "): no message would be sent to recipients in "
                  + zone));
      return;
    }
    findings.add(
        document.warning(
            "spec.schedule.start",
            why
                + ": held until "
                + WHEN.format(allowed.atZone(zone))
                + " ("
                + zone
                + ") under "
                + policy.name()));
  }

  /** Why the policy holds a message due at {@code start}, in the words of a calendar. */
  private static String why(CompliancePolicy policy, Instant start, Instant allowed, ZoneId zone) {
    ZonedDateTime local = start.atZone(zone);
    LocalDate day = local.toLocalDate();
    String at = WHEN.format(local) + " " + zone;
    if (allowed.atZone(zone).toLocalDate().equals(day)) {
      return "starts " + at + ", before the window opens";
    }
    Instant dayOpens = policy.firstAllowed(day.atStartOfDay(zone).toInstant(), zone);
    if (dayOpens.atZone(zone).toLocalDate().equals(day)) {
      return "starts " + at + ", after the window has closed";
    }
    if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return "starts on a Sunday (" + at + ")";
    }
    if (FrenchPublicHolidays.isHoliday(day)) {
      return "starts on a public holiday (" + at + ")";
    }
    return "starts on a "
        + day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
        + ", a day without window ("
        + at
        + ")";
  }
}
