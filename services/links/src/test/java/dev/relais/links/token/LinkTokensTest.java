package dev.relais.links.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkTokensTest {

  @Test
  void theAlphabetIsTheSixtyTwoDigitsAndLettersInOrder() {
    assertThat(LinkTokens.ALPHABET)
        .hasSize(62)
        .isEqualTo("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    assertThat(LinkTokens.ALPHABET.chars().distinct().count()).isEqualTo(62);
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
