package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImportValuesTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {"yes", "YES", "y", "oui", "Oui", "o", "true", "TRUE", "vrai", "1", "x", " yes "})
  void yes(String cell) {
    assertThat(ImportValues.flag(cell)).contains(true);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"no", "NO", "n", "non", "NON", "false", "faux", "0", "", "  "})
  void no(String cell) {
    assertThat(ImportValues.flag(cell)).contains(false);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "oui|GRANTED",
        "Yes|GRANTED",
        "1|GRANTED",
        "x|GRANTED",
        "VRAI|GRANTED",
        "non|WITHDRAWN",
        "Non|WITHDRAWN",
        "no|WITHDRAWN",
        "false|WITHDRAWN",
        "faux|WITHDRAWN",
        "0|WITHDRAWN",
        "n|WITHDRAWN",
        "en attente|PENDING",
        "pending|PENDING",
        "''|UNSAID",
        "'   '|UNSAID"
      })
  void consentCells(String cell, ConsentAnswer answer) {
    assertThat(ImportValues.consent(cell)).contains(answer);
  }

  @Test
  void unreadableConsentCellIsNoAnswer() {
    assertThat(ImportValues.consent("peut-être")).isEmpty();
    assertThat(ImportValues.consent(null)).contains(ConsentAnswer.UNSAID);
  }

  @Test
  void missingCellIsNo() {
    assertThat(ImportValues.flag(null)).contains(false);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"maybe", "peut-être", "2", "yes!", "ja"})
  void unrecognisedAnswers(String cell) {
    assertThat(ImportValues.flag(cell)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-03-01|2024-03-01T00:00:00Z",
        "2024-03-01T10:15:30Z|2024-03-01T10:15:30Z",
        "2024-03-01T10:15:30+01:00|2024-03-01T09:15:30Z",
        "2024-03-01T10:15:30|2024-03-01T10:15:30Z",
        "2024-03-01T10:15|2024-03-01T10:15:00Z",
        "2024-03-01 10:15:30|2024-03-01T10:15:30Z",
        "2024-03-01 10:15|2024-03-01T10:15:00Z",
        "01/03/2024|2024-03-01T00:00:00Z",
        "01/03/2024 10:15|2024-03-01T10:15:00Z",
        "01/03/2024 9:15:30|2024-03-01T09:15:30Z"
      })
  void datesInIsoAndFrenchForms(String cell, String expected) {
    assertThat(ImportValues.instant(cell)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"yesterday", "2024-13-01", "32/01/2024", "2024/03/01", "1709283600"})
  void otherDatesAreRefused(String cell) {
    assertThatThrownBy(() -> ImportValues.instant(cell)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void tagsSplitOnPipeCommaOrSemicolonAndAreLowerCased() {
    assertThat(ImportValues.tags("VIP|Paris")).containsExactly("vip", "paris");
    assertThat(ImportValues.tags("vip, paris ,  ,fidèle"))
        .containsExactly("vip", "paris", "fidèle");
    assertThat(ImportValues.tags("a;b|a")).containsExactly("a", "b");
    assertThat(ImportValues.tags("")).isEmpty();
    assertThat(ImportValues.tags(null)).isEmpty();
  }
}
