package dev.relais.links.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyedLinkTokensTest {

  private static final byte[] KEY =
      "a key of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);

  private final KeyedLinkTokens tokens = new KeyedLinkTokens(KEY);

  @Test
  void theSameLinkAlwaysGetsTheSameToken() {
    String token =
        tokens.of("shop/sale", "3f1c0a9e-0000-4000-8000-000000000001", "https://a.example");

    assertThat(token).matches("[0-9A-Za-z]{12}");
    assertThat(LinkTokens.isToken(token)).isTrue();
    assertThat(
            new KeyedLinkTokens(KEY)
                .of("shop/sale", "3f1c0a9e-0000-4000-8000-000000000001", "https://a.example"))
        .isEqualTo(token);
  }

  @Test
  void anotherCampaignMessageUrlOrKeyGivesAnotherToken() {
    String token = tokens.of("shop/sale", "m1", "https://a.example");

    assertThat(tokens.of("shop/sale2", "m1", "https://a.example")).isNotEqualTo(token);
    assertThat(tokens.of("shop/sale", "m2", "https://a.example")).isNotEqualTo(token);
    assertThat(tokens.of("shop/sale", "m1", "https://b.example")).isNotEqualTo(token);
    // Fields are length-prefixed: moving a character from one field to the next changes the input.
    assertThat(tokens.of("shop/sal", "em1", "https://a.example")).isNotEqualTo(token);
    assertThat(
            new KeyedLinkTokens(
                    "another key, sixteen bytes or more".getBytes(StandardCharsets.UTF_8))
                .of("shop/sale", "m1", "https://a.example"))
        .isNotEqualTo(token);
  }

  @Test
  void aHundredThousandMessagesGetDistinctTokens() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(tokens.of("shop/sale", "message-" + i, "https://a.example"))).isTrue();
    }
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new KeyedLinkTokens(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
