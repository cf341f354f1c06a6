package dev.relais.contacts.optout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OptOutKeywordsTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "STOP",
        "stop",
        "Stop",
        "  stop  ",
        "\tSTOP\n",
        "STOP SMS",
        "stop   sms",
        "STOPSMS",
        "STOP ALL",
        "STOPALL",
        "ARRET",
        "ARRÊT",
        "arrêt",
        "  arrêt ",
        "Arrêt SMS",
        "ARRET SMS",
        "UNSUBSCRIBE",
        "Unsubscribe",
        "DESINSCRIPTION",
        "DÉSINSCRIPTION",
        "désinscription",
        "DESABONNER",
        "désabonner",
        "END",
        "CANCEL",
        "QUIT",
        "OPTOUT",
        "OPT OUT",
        "opt-out",
        "Opt_Out",
        "Stop.",
        "STOP !",
        "stop!!",
        "\"STOP\"",
        "BAJA",
        "Abmelden"
      })
  void optOutKeywords(String text) {
    assertThat(OptOutKeywords.isOptOut(text)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "stop please",
        "please stop",
        "Je veux arrêter",
        "arrêter",
        "STOPPED",
        "STOP STOP",
        "don't stop",
        "OK",
        "Oui",
        "Merci",
        "ST OP",
        "S T O P",
        "!!!",
        "STOP SMS merci",
        "END OF MESSAGE"
      })
  void otherTextsAreNotOptOuts(String text) {
    assertThat(OptOutKeywords.isOptOut(text)).isFalse();
  }

  @Test
  void canonicalFormFoldsCaseAccentsAndSpacing() {
    assertThat(OptOutKeywords.canonical("  Arrêt \t  sms. ")).isEqualTo("ARRET SMS");
  }
}
