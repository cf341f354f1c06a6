package dev.relais.contacts.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudienceTokenTest {

  @Test
  void roundTripsBucketFilterAndPagingState() {
    ByteBuffer state = ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF, 0});
    AudienceToken token = new AudienceToken(12345, 63, state);

    AudienceToken decoded = AudienceToken.decode(token.encode());

    assertThat(decoded.filterFingerprint()).isEqualTo(12345);
    assertThat(decoded.bucket()).isEqualTo(63);
    assertThat(decoded.pagingState())
        .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF, 0}));
  }

  @Test
  void carriesTheEvaluationTimeOfASegment() {
    java.time.Instant at = java.time.Instant.parse("2026-06-15T12:00:00.123Z");
    ByteBuffer state = ByteBuffer.wrap(new byte[] {9, 8, 7});
    AudienceToken decoded = AudienceToken.decode(new AudienceToken(42, 17, at, state).encode());

    assertThat(decoded.evaluatedAt()).isEqualTo(at);
    assertThat(decoded.bucket()).isEqualTo(17);
    assertThat(decoded.filterFingerprint()).isEqualTo(42);
    assertThat(decoded.pagingState()).isEqualTo(ByteBuffer.wrap(new byte[] {9, 8, 7}));
    assertThat(AudienceToken.decode(new AudienceToken(42, 17, null).encode()).evaluatedAt())
        .isNull();
  }

  @Test
  void startOfABucketHasNoPagingState() {
    AudienceToken decoded = AudienceToken.decode(new AudienceToken(-7, 5, null).encode());

    assertThat(decoded.bucket()).isEqualTo(5);
    assertThat(decoded.filterFingerprint()).isEqualTo(-7);
    assertThat(decoded.pagingState()).isNull();
  }

  @Test
  void tokenIsUrlSafeText() {
    String encoded =
        new AudienceToken(1, 2, ByteBuffer.wrap(new byte[] {(byte) 0xFB, (byte) 0xFF, 0x3E}))
            .encode();
    assertThat(encoded).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void foreignTokensAreRefused() {
    assertThatThrownBy(() -> AudienceToken.decode("not a token!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page_token");
    assertThatThrownBy(() -> AudienceToken.decode("AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    // version 1, bucket 200: out of range
    String badBucket =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(new byte[] {1, 0, 0, 0, 0, (byte) 200});
    assertThatThrownBy(() -> AudienceToken.decode(badBucket))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fingerprintIgnoresTagOrderButNotTheFilter() {
    int a = AudienceToken.fingerprint("newsletter", List.of("vip", "paris"));
    assertThat(AudienceToken.fingerprint("newsletter", List.of("paris", "vip"))).isEqualTo(a);
    assertThat(AudienceToken.fingerprint("newsletter", List.of("vip"))).isNotEqualTo(a);
    assertThat(AudienceToken.fingerprint("other", List.of("vip", "paris"))).isNotEqualTo(a);
    assertThat(AudienceToken.fingerprint("", List.of())).isNotEqualTo(a);
    assertThat(AudienceToken.fingerprint("newsletter", List.of("vip", "paris"), "")).isEqualTo(a);
    assertThat(AudienceToken.fingerprint("newsletter", List.of("vip", "paris"), "city = \"x\""))
        .isNotEqualTo(a);
  }
}
