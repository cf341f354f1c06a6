package dev.relais.links.token;

import java.security.SecureRandom;

/**
 * Draws link tokens: {@value #LENGTH} characters of the base62 alphabet ({@code 0-9 A-Z a-z}), each
 * chosen uniformly by {@link SecureRandom}, so {@value #LENGTH} × log2(62) ≈ 71.4 bits of entropy
 * per token.
 *
 * <p>Base62 rather than base64url: no {@code -} or {@code _}, which some phones end a link on.
 * Twelve characters keep the link short (a {@code https://r.example.fr/} base plus 12 characters is
 * 33 characters of a 160-character SMS) while a guesser needs about 2^70 tries per hit among a
 * billion live links.
 */
public final class LinkTokens {

  /** Characters of a token. */
  public static final int LENGTH = 12;

  /** The alphabet of tokens, in the order of their values. */
  public static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Bits of entropy of one token: LENGTH × log2(62). */
  public static final double ENTROPY_BITS = LENGTH * (Math.log(ALPHABET.length()) / Math.log(2));

  private final SecureRandom random;

  public LinkTokens() {
    this(new SecureRandom());
  }

  LinkTokens(SecureRandom random) {
    this.random = random;
  }

  /** A new token. */
  public String next() {
    char[] token = new char[LENGTH];
    // One draw of random bytes per token, not one per character: SecureRandom calls are costly
    // and a campaign creates a link per recipient. Each byte gives 6 random bits; values 62 and
    // 63 are rejected rather than folded (folding would make 0 and 1 twice as likely).
    byte[] bytes = new byte[LENGTH + LENGTH / 2];
    int used = bytes.length;
    int filled = 0;
    while (filled < LENGTH) {
      if (used == bytes.length) {
        random.nextBytes(bytes);
        used = 0;
      }
      int value = bytes[used++] & 0x3F;
      if (value < ALPHABET.length()) {
        token[filled++] = ALPHABET.charAt(value);
      }
    }
    return new String(token);
  }

  /**
   * Whether {@code text} has the shape of a token. A request for anything else is answered with the
   * fallback at once, without reading Cassandra.
   */
  public static boolean isToken(String text) {
    if (text == null || text.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }
}
