package dev.relais.contacts;

import dev.relais.proto.contacts.v1.ImportReport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;

/**
 * The contacts service's instruments: import rows by outcome (and rejection reason) and opt-outs
 * recorded by source. Labels: outcome, reason and source codes only, never a number.
 */
public final class ContactsMetrics {

  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");

  private static final Attributes CREATED = Attributes.of(OUTCOME, "created");
  private static final Attributes UPDATED = Attributes.of(OUTCOME, "updated");

  private final LongCounter importRows;
  private final LongCounter optOuts;

  public ContactsMetrics(Meter meter) {
    importRows =
        meter
            .counterBuilder("relais.contacts.import.rows")
            .setDescription(
                "Rows of finished imports: created (new contact), updated (merged) or rejected")
            .setUnit("{row}")
            .build();
    optOuts =
        meter
            .counterBuilder("relais.contacts.optouts")
            .setDescription("Opt-outs recorded (a number already opted out is not counted again)")
            .setUnit("{optout}")
            .build();
  }

  /** Records nothing: for parts used without a meter. */
  public static ContactsMetrics none() {
    return new ContactsMetrics(OpenTelemetry.noop().getMeter("none"));
  }

  /** Counts the rows of a finished import from its report. */
  public void imported(ImportReport report) {
    importRows.add(report.getImported(), CREATED);
    importRows.add(report.getUpdated(), UPDATED);
    for (Map.Entry<String, Long> rejected : report.getRejectedByReasonMap().entrySet()) {
      importRows.add(
          rejected.getValue(), Attributes.of(OUTCOME, "rejected", REASON, rejected.getKey()));
    }
  }

  /** An opt-out was recorded; {@code source} is API, KEYWORD or IMPORT. */
  public void optedOut(String source) {
    optedOut(source, 1);
  }

  /**
   * {@code count} opt-outs were recorded from {@code source}: API, KEYWORD, IMPORT (a STOP column),
   * or SUPPRESSION (an erased number imported again stays suppressed).
   */
  public void optedOut(String source, long count) {
    if (count > 0) {
      optOuts.add(count, Attributes.of(SOURCE, source));
    }
  }
}
