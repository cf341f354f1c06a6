package dev.relais.links.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the token of a link from what identifies it (campaign id, message id, target URL) with an
 * HMAC-SHA256 under a secret key: {@value LinkTokens#LENGTH} base62 characters, like {@link
 * LinkTokens}.
 *
 * <p>Derived rather than drawn so that creating a link is idempotent: the scheduler creates the
 * links of a page before queuing it, and a page expanded again after a crash must send each
 * recipient the same text, so the same request must give the same token (and rewrite the same row),
 * with no read before the write. The key keeps tokens unguessable: without it the derivation is a
 * pseudo-random function, and the 256-bit MAC reduced modulo 62^12 is uniform to within 2^-180.
 */
public final class KeyedLinkTokens {

  /** Bytes of a generated key. */
  public static final int KEY_BYTES = 32;

  private static final BigInteger RANGE =
      BigInteger.valueOf(LinkTokens.ALPHABET.length()).pow(LinkTokens.LENGTH);

  private static final BigInteger BASE = BigInteger.valueOf(LinkTokens.ALPHABET.length());

  private final SecretKeySpec key;

  public KeyedLinkTokens(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("a link token key needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** The token of the link of {@code messageId} to {@code targetUrl} in {@code campaignId}. */
  public String of(String campaignId, String messageId, String targetUrl) {
    Mac mac;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
    // Each field is length-prefixed, so that no two different triples hash the same input.
    for (String field : new String[] {campaignId, messageId, targetUrl}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      mac.update(
          new byte[] {
            (byte) (bytes.length >>> 24),
            (byte) (bytes.length >>> 16),
            (byte) (bytes.length >>> 8),
            (byte) bytes.length
          });
      mac.update(bytes);
    }
    BigInteger value = new BigInteger(1, mac.doFinal()).mod(RANGE);
    char[] token = new char[LinkTokens.LENGTH];
    for (int i = LinkTokens.LENGTH - 1; i >= 0; i--) {
      BigInteger[] divided = value.divideAndRemainder(BASE);
      token[i] = LinkTokens.ALPHABET.charAt(divided[1].intValue());
      value = divided[0];
    }
    return new String(token);
  }

  @Override
  public String toString() {
    return "KeyedLinkTokens[key hidden]";
  }
}
