package dev.relais.cli.report;

import dev.relais.operator.api.Campaign;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report's view of a campaign's A/B test (status.abTest): the decision in a sentence, then the
 * figures of each variant it was made on, or where the test stands before the decision.
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
    if (test.winner != null) {
      blocks.add(
          new Report.Note(
              (Boolean.TRUE.equals(test.conclusive)
                      ? "Winner: variant " + test.winner + on + ", sent to the rest of the audience"
                      : "Inconclusive" + on + ": the fallback variant " + test.winner
                          + " was sent to the rest of the audience")
                  + at(" on ", test.decidedAt, zone)
                  + (test.reason == null ? "." : ". " + test.reason)));
    } else {
      blocks.add(
          new Report.Note(
              "Not decided yet ("
                  + (test.stage == null ? "Sampling" : test.stage)
                  + "): "
                  + Numbers.count(test.sample == null ? 0 : test.sample)
                  + " recipients in the sample"
                  + at(", the winner is chosen on ", test.decideAt, zone)
                  + "."));
    }
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
    if (test.pValue != null) {
      blocks.add(new Report.Note("p-value of the best variant against the control: " + test.pValue));
    }
    if (test.probabilityToBeatControl != null) {
      blocks.add(
          new Report.Note(
              "Probability that the best variant beats the control: "
                  + test.probabilityToBeatControl));
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
