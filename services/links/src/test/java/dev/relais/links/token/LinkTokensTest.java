package dev.relais.links.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkTokensTest {

  private final LinkTokens tokens = new LinkTokens();

  @Test
  void aTokenIsTwelveBase62Characters() {
    for (int i = 0; i < 10_000; i++) {
      String token = tokens.next();
      assertThat(token).hasSize(12).matches("[0-9A-Za-z]{12}");
      assertThat(LinkTokens.isToken(token)).isTrue();
    }
  }

  @Test
  void aMillionTokensNeverCollide() {
    Set<String> seen = new HashSet<>(2_000_000);
    for (int i = 0; i < 1_000_000; i++) {
      assertThat(seen.add(tokens.next())).as("token %d is new", i).isTrue();
    }
  }

  @Test
  void aTokenCarriesAtLeast64BitsOfEntropy() {
    assertThat(LinkTokens.ALPHABET).hasSize(62);
    assertThat(LinkTokens.ALPHABET.chars().distinct().count()).isEqualTo(62);
    assertThat(LinkTokens.ENTROPY_BITS).isGreaterThan(71.0).isLessThan(72.0);
  }

  @Test
  void everyCharacterOfEveryPositionIsDrawnUniformly() {
    // Measured, not assumed: the empirical Shannon entropy of each position over 200,000 tokens
    // is within 0.01 bit of log2(62) = 5.954, which a biased draw (e.g. byte % 62) or a position
    // drawn from a smaller alphabet would miss.
    int samples = 200_000;
    int[][] counts = new int[LinkTokens.LENGTH][128];
    for (int i = 0; i < samples; i++) {
      String token = tokens.next();
      for (int p = 0; p < LinkTokens.LENGTH; p++) {
        counts[p][token.charAt(p)]++;
      }
    }
    double ideal = Math.log(62) / Math.log(2);
    for (int p = 0; p < LinkTokens.LENGTH; p++) {
      double entropy = 0;
      for (int count : counts[p]) {
        if (count > 0) {
          double share = (double) count / samples;
          entropy -= share * Math.log(share) / Math.log(2);
        }
      }
      assertThat(entropy).as("position %d", p).isGreaterThan(ideal - 0.01);
    }
  }

  @Test
  void onlyTokenShapedPathsAreLookedUp() {
    assertThat(LinkTokens.isToken("aZ09aZ09aZ09")).isTrue();
    assertThat(LinkTokens.isToken("aZ09aZ09aZ0")).isFalse();
    assertThat(LinkTokens.isToken("aZ09aZ09aZ09a")).isFalse();
    assertThat(LinkTokens.isToken("aZ09aZ09aZ0-")).isFalse();
    assertThat(LinkTokens.isToken("aZ09aZ09aZ0_")).isFalse();
    assertThat(LinkTokens.isToken("aZ09aZ09aZ0é")).isFalse();
    assertThat(LinkTokens.isToken("favicon.ico")).isFalse();
    assertThat(LinkTokens.isToken("")).isFalse();
    assertThat(LinkTokens.isToken(null)).isFalse();
  }
}
