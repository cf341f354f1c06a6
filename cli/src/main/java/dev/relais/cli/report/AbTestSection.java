package dev.relais.cli.report;

import dev.relais.operator.api.Campaign;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report's view of a campaign's A/B test (status.abTest): the winner, the decision and why, its
 * p-value or probability, or where the test stands before the decision; then the figures of each
 * variant the decision is made on.
 */
final class AbTestSection {

  private AbTestSection() {}

  /** The section's blocks; empty for a campaign without an A/B test. */
  static Optional<Report.Section> of(Campaign.Status status, ZoneId zone) {
    Campaign.AbTestStatus test = status == null ? null : status.abTest;
    if (test == null) {
      return Optional.empty();
    }
    List<Report.Block> blocks = new ArrayList<>();
    String on = test.metric == null ? "" : " on " + test.metric;
    List<Report.Figure> figures = new ArrayList<>();
    if (test.winner != null) {
      figures.add(
          new Report.Figure(
              "Winner",
              new Report.Text(test.winner),
              (Boolean.TRUE.equals(test.conclusive)
                      ? "sent to the rest of the audience"
                      : "inconclusive" + on + ": the fallback, sent to the rest of the audience")
                  + at(", decided on ", test.decidedAt, zone)));
      if (test.reason != null) {
        figures.add(
            new Report.Figure(
                "Decision",
                new Report.Text(
                    Boolean.TRUE.equals(test.conclusive) ? "conclusive" : "inconclusive"),
                test.reason));
      }
      if (test.pValue != null) {
        figures.add(
            new Report.Figure(
                "p-value",
                new Report.Text(test.pValue),
                "two-sided z-test of the best variant against the control"));
      }
      if (test.probabilityToBeatControl != null) {
        figures.add(
            new Report.Figure(
                "Probability to beat the control",
                new Report.Text(test.probabilityToBeatControl),
                "bayesian, of the best variant"));
      }
    } else {
      figures.add(
          new Report.Figure(
              "Stage",
              new Report.Text(test.stage == null ? "Sampling" : test.stage),
              "not decided yet" + at(": the winner is chosen on ", test.decideAt, zone)));
    }
    figures.add(
        new Report.Figure(
            "Sample",
            new Report.Count(test.sample == null ? 0 : test.sample),
            "recipients sent the variants first"));
    blocks.add(new Report.Figures(figures));
    if (test.arms != null && !test.arms.isEmpty()) {
      List<List<Report.Value>> rows = new ArrayList<>();
      for (Campaign.AbTestArm arm : test.arms) {
        rows.add(
            List.of(
                new Report.Text(arm.variant + (arm.variant.equals(test.winner) ? " (winner)" : "")),
                new Report.Count(arm.successes == null ? 0 : arm.successes),
                new Report.Count(arm.trials == null ? 0 : arm.trials),
                arm.trials == null || arm.trials == 0 || arm.successes == null
                    ? Report.Table.ABSENT
                    : new Report.Ratio((double) arm.successes / arm.trials)));
      }
      blocks.add(
          new Report.Table(
              "A/B test" + on + ("bayesian".equals(test.method) ? " (bayesian)" : " (z-test)"),
              List.of("Variant", "Successes", "Out of", "Rate"),
              rows));
    }
    return Optional.of(new Report.Section("ab-test", "Test, then send the winner", blocks));
  }

  private static String at(String prefix, String time, ZoneId zone) {
    if (time == null) {
      return "";
    }
    try {
      return prefix + CampaignReportBuilder.TIME.format(Instant.parse(time).atZone(zone));
    } catch (DateTimeParseException e) {
      return prefix + time;
    }
  }
}
