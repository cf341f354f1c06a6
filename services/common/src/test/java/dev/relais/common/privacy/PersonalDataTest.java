package dev.relais.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

  private static final PrivacyKey KEY = PrivacyKey.of("platform-secret");

  @Test
  void maskKeepsTooLittleToIdentifyTheNumber() {
    String masked = PersonalData.maskPhone("+33612345678");
    assertThat(masked).hasSize(12).startsWith("+336").endsWith("78").doesNotContain("12345");
  }

  @Test
  void hashIsStableUnderOneKeyAndDoesNotContainTheNumber() {
    assertThat(PersonalData.hashPhone("+33612345678", KEY))
        .hasSize(16)
        .isEqualTo(PersonalData.hashPhone("+33612345678", PrivacyKey.of("platform-secret")))
        .isNotEqualTo(PersonalData.hashPhone("+33612345679", KEY))
        .doesNotContain("612345678");
  }

  @Test
  void anotherKeyGivesAnotherHashOfTheSameNumber() {
    assertThat(PersonalData.hashPhone("+33612345678", KEY))
        .isNotEqualTo(PersonalData.hashPhone("+33612345678", PrivacyKey.of("other-secret")));
  }

  @Test
  void theUnkeyedHashAnyoneCanComputeNeverAppears() throws Exception {
    // What logs carried before: SHA-256 of "relais:" + number, first 8 bytes. Anyone could hash
    // every mobile number and read it back; the keyed one must share nothing with it.
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest("relais:+33612345678".getBytes(StandardCharsets.UTF_8));
    String unkeyed = HexFormat.of().formatHex(digest, 0, 8);
    String plainSha = HexFormat.of().formatHex(digest);
    String hash = PersonalData.hashPhone("+33612345678", KEY);
    assertThat(hash).isNotEqualTo(unkeyed);
    assertThat(plainSha).doesNotContain(hash);
  }

  @Test
  void aLogPseudonymIsNotAPrefixOfTheStoredHashOfTheSameNumber() {
    assertThat(KEY.hmacHex("+33612345678"))
        .doesNotStartWith(PersonalData.hashPhone("+33612345678", KEY));
  }

  @Test
  void anEmptyKeyIsRefused() {
    assertThatThrownBy(() -> PrivacyKey.of("")).hasMessageContaining("privacy.key");
    assertThat(KEY.toString()).doesNotContain("platform-secret");
  }

  @Test
  void textIsDescribedByItsLengthOnly() {
    assertThat(PersonalData.describeText("Bonjour Marie")).isEqualTo("<13 chars>");
  }
}
