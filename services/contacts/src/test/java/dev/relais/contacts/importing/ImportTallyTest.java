package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.contacts.v1.ImportReport;
import org.junit.jupiter.api.Test;

class ImportTallyTest {

  @Test
  void countsRowsByOutcomeAndReason() {
    ImportTally tally = new ImportTally();
    for (int i = 0; i < 5; i++) {
      tally.rowRead();
    }
    tally.rejected(3, "invalid-number", "x");
    tally.rejected(4, "not-mobile", "y");
    tally.rejected(5, "invalid-number", "z");
    tally.stored(1, 1);

    ImportReport report = tally.report();

    assertThat(report.getRows()).isEqualTo(5);
    assertThat(report.getImported()).isEqualTo(1);
    assertThat(report.getUpdated()).isEqualTo(1);
    assertThat(report.getRejected()).isEqualTo(3);
    assertThat(report.getRejectedByReasonMap())
        .containsEntry("invalid-number", 2L)
        .containsEntry("not-mobile", 1L);
    assertThat(report.getErrorsList()).extracting(e -> e.getLine()).containsExactly(3L, 4L, 5L);
    assertThat(report.getErrorsTruncated()).isFalse();
  }

  @Test
  void listsTheFirstHundredErrorsThenOnlyCounts() {
    ImportTally tally = new ImportTally();
    for (int line = 2; line < 252; line++) {
      tally.rowRead();
      tally.rejected(line, "invalid-number", "bad");
    }

    ImportReport report = tally.report();

    assertThat(report.getRejected()).isEqualTo(250);
    assertThat(report.getErrorsCount()).isEqualTo(ImportTally.MAX_LISTED_ERRORS);
    assertThat(report.getErrors(99).getLine()).isEqualTo(101);
    assertThat(report.getErrorsTruncated()).isTrue();
  }
}
