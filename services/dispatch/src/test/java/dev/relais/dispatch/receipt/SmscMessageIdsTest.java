package dev.relais.dispatch.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The id normalisation rule: canonical form plus base conversion for numeric ids. */
class SmscMessageIdsTest {

  @Test
  void theCanonicalFormIsTrimmedLowercaseWithoutLeadingZerosOrDashes() {
    assertThat(SmscMessageIds.canonical("  00064D9A2F0C107B ")).isEqualTo("64d9a2f0c107b");
    assertThat(SmscMessageIds.canonical("0000")).isEqualTo("0");
    assertThat(SmscMessageIds.canonical("6F1C2A9E-0B3D-4E57-8000-064D9A2F0C10"))
        .isEqualTo("6f1c2a9e0b3d4e578000064d9a2f0c10");
    assertThat(SmscMessageIds.canonical(null)).isEmpty();
    assertThat(SmscMessageIds.canonical("   ")).isEmpty();
  }

  /** Each row: the id in submit_sm_resp, the id as a receipt quotes it. */
  @ParameterizedTest
  @CsvSource({
    "64d9a2f0c107b, 64d9a2f0c107b",
    "64d9a2f0c107b, 00064D9A2F0C107B",
    "00064D9A2F0C107B, 64d9a2f0c107b",
    "1774174469886075, 1774174469886075",
    "1774174469886075, 64d9a2f0c107b",
    "64d9a2f0c107b, 1774174469886075",
    "00064D9A2F0C107B, 1774174469886075",
    "0000123456, 123456",
    "123456, 1e240",
    "1E240, 123456",
    "ABCDEF, abcdef",
    "6f1c2a9e-0b3d-4e57-8000-064d9a2f0c10, 6F1C2A9E0B3D4E578000064D9A2F0C10",
    "msg-42-x, MSG42X"
  })
  void aReceiptFindsItsSubmitWhateverTheWriting(String submitted, String quoted) {
    assertThat(SmscMessageIds.lookupKeys(quoted)).contains(SmscMessageIds.canonical(submitted));
  }

  @Test
  void theIdAsWrittenIsTriedFirst() {
    assertThat(SmscMessageIds.lookupKeys("123456")).containsExactly("123456", "1193046", "1e240");
    assertThat(SmscMessageIds.lookupKeys("x-free")).containsExactly("xfree");
  }

  @Test
  void differentIdsDoNotMatch() {
    assertThat(SmscMessageIds.lookupKeys("64d9a2f0c107c"))
        .doesNotContain(SmscMessageIds.canonical("64d9a2f0c107b"));
    assertThat(SmscMessageIds.lookupKeys("abc-1")).doesNotContain("abc2");
  }

  @Test
  void opaqueLongIdsAreNotConverted() {
    String longId = "1".repeat(60);
    assertThat(SmscMessageIds.lookupKeys(longId)).containsExactly(longId);
  }

  @Test
  void aBlankIdHasNoKeys() {
    assertThat(SmscMessageIds.lookupKeys("  ")).isEmpty();
  }
}
