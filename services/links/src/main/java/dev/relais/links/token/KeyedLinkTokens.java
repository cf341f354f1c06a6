package dev.relais.links.token;

import dev.relais.common.time.MessageIdTime;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the token of a link with an HMAC-SHA256 under a secret key: {@value LinkTokens#LENGTH}
 * base62 characters, like {@link LinkTokens}, of which the first {@value #PAGE_LENGTH} name the
 * link's page and the other {@value #LINK_LENGTH} the link within it.
 *
 * <p>The page part is derived from the campaign id and the time the message id carries (the time
 * the scheduler composed the message's audience page, {@link MessageIdTime}), so the links of a
 * page share it and are stored in one partition, written at once; a message id that carries no time
 * makes a page of its own. The link part is derived from the campaign id, the message id and the
 * target URL.
 *
 * <p>Derived rather than drawn so that creating a link is idempotent: the scheduler creates the
 * links of a page before queuing it, and a page expanded again after a crash must send each
 * recipient the same text, so the same request must give the same token (and rewrite the same row),
 * with no read before the write. The key keeps tokens unguessable: without it each derivation is a
 * pseudo-random function, reduced modulo a power of 62 uniformly to within 2^-200. A recipient
 * knows the page part of their own link; guessing a link of that page still takes 62^8 / (links of
 * the page) tries per hit, about 2^37.6 for a page of 1,000 links.
 */
public final class KeyedLinkTokens {

  /** Bytes of a generated key. */
  public static final int KEY_BYTES = 32;

  /** Characters of a token that name its page. */
  public static final int PAGE_LENGTH = 4;

  /** Characters of a token that name the link within its page. */
  public static final int LINK_LENGTH = LinkTokens.LENGTH - PAGE_LENGTH;

  private static final BigInteger BASE = BigInteger.valueOf(LinkTokens.ALPHABET.length());

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public KeyedLinkTokens(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("a link token key needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The token of the link of {@code messageId} to {@code targetUrl} in {@code campaignId}. */
  public String of(String campaignId, String messageId, String targetUrl) {
    return page(campaignId, messageId)
        + base62(mac("link", campaignId, messageId, targetUrl), LINK_LENGTH);
  }

  /** The page part of the tokens of {@code messageId}'s links in {@code campaignId}. */
  public String page(String campaignId, String messageId) {
    Optional<Instant> composed = MessageIdTime.composedAt(messageId);
    String page = composed.map(at -> "t" + at.toEpochMilli()).orElse("m" + messageId);
    return base62(mac("page", campaignId, page), PAGE_LENGTH);
  }

  /** The page part of {@code token}. */
  public static String pageOf(String token) {
    return token.substring(0, PAGE_LENGTH);
  }

  /** The link part of {@code token}. */
  public static String linkOf(String token) {
    return token.substring(PAGE_LENGTH);
  }

  private byte[] mac(String... fields) {
    Mac mac = macs.get();
    // Each field is length-prefixed, so that no two different inputs hash the same bytes; the
    // first names the derivation, so a page part and a link part never share an input.
    for (String field : fields) {
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
    return mac.doFinal();
  }

  private static String base62(byte[] digest, int length) {
    BigInteger value = new BigInteger(1, digest).mod(BASE.pow(length));
    char[] chars = new char[length];
    for (int i = length - 1; i >= 0; i--) {
      BigInteger[] divided = value.divideAndRemainder(BASE);
      chars[i] = LinkTokens.ALPHABET.charAt(divided[1].intValue());
      value = divided[0];
    }
    return new String(chars);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "KeyedLinkTokens[key hidden]";
  }
}
