package dev.relais.links.token;

/**
 * The shape of a link token: {@value #LENGTH} characters of the base62 alphabet ({@code 0-9 A-Z
 * a-z}), derived by {@link KeyedLinkTokens}.
 *
 * <p>Base62 rather than base64url: no {@code -} or {@code _}, which some phones end a link on.
 * Twelve characters keep the link short (a {@code https://r.example.fr/} base plus 12 characters is
 * 33 characters of a 160-character SMS) while {@value #LENGTH} × log2(62) ≈ 71.4 bits leave a
 * guesser far from any link ({@link KeyedLinkTokens} gives the figures).
 */
public final class LinkTokens {

  /** Characters of a token. */
  public static final int LENGTH = 12;

  /** The alphabet of tokens, in the order of their values. */
  public static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private LinkTokens() {}

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
