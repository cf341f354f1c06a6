package dev.relais.contacts.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfirmationKeywordsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"OUI", "oui", " Oui ", "OUÍ", "Oui !", "oui.", "YES", "yes", "Y", "o", "O"})
  void theWholeReplyConfirms(String reply) {
    assertThat(ConfirmationKeywords.isConfirmation(reply)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "ok", "Oui mais plus tard", "non", "ouii", "yes please", "STOP", "0"})
  void anythingElseDoesNot(String reply) {
    assertThat(ConfirmationKeywords.isConfirmation(reply)).isFalse();
  }
}
