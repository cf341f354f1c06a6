package dev.relais.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

  @Test
  void maskKeepsTooLittleToIdentifyTheNumber() {
    String masked = PersonalData.maskPhone("+33612345678");
    assertThat(masked).hasSize(12).startsWith("+336").endsWith("78").doesNotContain("12345");
  }

  @Test
  void hashIsStableAndDoesNotContainTheNumber() {
    assertThat(PersonalData.hashPhone("+33612345678"))
        .isEqualTo(PersonalData.hashPhone("+33612345678"))
        .isNotEqualTo(PersonalData.hashPhone("+33612345679"))
        .doesNotContain("612345678");
  }

  @Test
  void textIsDescribedByItsLengthOnly() {
    assertThat(PersonalData.describeText("Bonjour Marie")).isEqualTo("<13 chars>");
  }
}
