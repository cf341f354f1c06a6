package dev.relais.contacts.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.contacts.optout.OptOutKeywords;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResubscribeKeywordsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "START",
        "start",
        " Start ! ",
        "START 36111",
        "start  38000",
        "START SMS",
        "startsms",
        "UNSTOP",
        "Unstop.",
        "RESUBSCRIBE",
        "Réabonner",
        "réabonnement",
        "REINSCRIRE",
        "Réinscription"
      })
  void theWholeReplyAsksToReceiveMessagesAgain(String reply) {
    assertThat(ResubscribeKeywords.isResubscribe(reply)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "STOP",
        "OUI",
        "reprise",
        "abonnement ?",
        "start again please",
        "START 12",
        "START ABC",
        "restart",
        "don't start"
      })
  void anythingElseDoesNot(String reply) {
    assertThat(ResubscribeKeywords.isResubscribe(reply)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"START", "UNSTOP", "START 36111", "Réabonner"})
  void noResubscribeKeywordIsAnOptOutOrAConfirmation(String reply) {
    assertThat(OptOutKeywords.isOptOut(reply)).isFalse();
    assertThat(ConfirmationKeywords.isConfirmation(reply)).isFalse();
  }
}
