package dev.relais.sms.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionsTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    "FR, FR",
    "fr, FR",
    " be , BE",
    "France, FR",
    "FRANCE, FR",
    "Belgique, BE",
    "Belgium, BE",
    "Allemagne, DE",
    "Germany, DE",
    "Royaume-Uni, GB",
    "United Kingdom, GB",
    "Suisse, CH",
    "Espagne, ES",
    "Réunion, RE",
    "reunion, RE"
  })
  void codesAndCountryNamesInEnglishOrFrench(String text, String code) {
    assertThat(Regions.resolve(text)).contains(code);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"XX", "Atlantis", "F", "FRA", "", " "})
  void unknownRegionsResolveToNothing(String text) {
    assertThat(Regions.resolve(text)).isEmpty();
  }
}
