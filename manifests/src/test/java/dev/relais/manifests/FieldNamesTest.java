package dev.relais.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldNamesTest {

  private static final List<String> CAMPAIGN_SPEC =
      List.of(
          "abTest",
          "attribution",
          "audience",
          "defaultRegion",
          "frequencyCap",
          "landingUrl",
          "maxParts",
          "policy",
          "schedule",
          "senderIdRef",
          "suspend",
          "template",
          "transliterate",
          "type",
          "variants");

  @ParameterizedTest
  @CsvSource({
    "suspended, suspend",
    "senderIDRef, senderIdRef",
    "senderId, senderIdRef",
    "sender, senderIdRef",
    "tempalte, template",
    "landingURL, landingUrl",
    "varaints, variants",
    "abtest, abTest",
  })
  void aNearMissIsTheFieldMeant(String written, String meant) {
    assertThat(FieldNames.closest(written, CAMPAIGN_SPEC)).contains(meant);
  }

  @ParameterizedTest
  @CsvSource({"routeRef", "route", "startAt", "xyz"})
  void aFieldNothingResemblesSuggestsNone(String written) {
    assertThat(FieldNames.closest(written, CAMPAIGN_SPEC)).isEmpty();
  }

  @Test
  void twoFieldsAsCloseSuggestNeither() {
    assertThat(FieldNames.closest("rate", List.of("date", "gate"))).isEmpty();
  }

  @Test
  void distanceCountsASwapOfNeighboursAsOneEdit() {
    assertThat(FieldNames.distance("tempalte", "template")).isEqualTo(1);
    assertThat(FieldNames.distance("suspended", "suspend")).isEqualTo(2);
    assertThat(FieldNames.distance("", "spec")).isEqualTo(4);
  }
}
