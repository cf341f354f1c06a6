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
        "Abmelden",
        "STOP STOP"
      })
  void optOutKeywords(String text) {
    assertThat(OptOutKeywords.isOptOut(text)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "STOP 36111",
        "STOP au 36111",
        "Stop au 36 111",
        "STOP36111",
        "stop à 36111",
        "Stop svp",
        "stop merci",
        "STOP PUB",
        "Stop!!",
        "STOP.",
        "STOP SMS merci",
        "stop please",
        "Stop s'il vous plaît",
        "STOP merci beaucoup !",
        "Arrêt SMS svp",
        "arret pub",
        "STOP +33612345678",
        "Désinscription merci",
        "Unsubscribe please, thanks",
        "Opt-out 36111",
        "STOP 😡"
      })
  void aStopKeywordFirstWithOnlyTheShortCodeOrPolitenessAfterIt(String text) {
    assertThat(OptOutKeywords.isOptOut(text)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "please stop",
        "Je veux STOP",
        "Je veux arrêter",
        "arrêter",
        "Arrêter",
        "Arrêtez de m'écrire",
        "stopper",
        "STOPPED",
        "stop la promo c'est super",
        "don't stop",
        "n'arrêtez pas",
        "Cancel my order",
        "End of the month works",
        "OK",
        "Oui",
        "Merci",
        "ST OP",
        "S T O P",
        "!!!",
        "36111",
        "END OF MESSAGE",
        "STOP merci merci merci merci merci merci merci merci"
      })
  void otherTextsAreNotOptOuts(String text) {
    assertThat(OptOutKeywords.isOptOut(text)).isFalse();
  }

  @Test
  void canonicalFormFoldsCaseAccentsAndSpacing() {
    assertThat(OptOutKeywords.canonical("  Arrêt \t  sms. ")).isEqualTo("ARRET SMS");
  }
}
