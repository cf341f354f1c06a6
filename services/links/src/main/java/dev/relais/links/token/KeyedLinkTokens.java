package dev.relais.links.token;

import dev.relais.common.time.MessageIdTime;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

  private static final int BASE = LinkTokens.ALPHABET.length();

  /** 62^9 × 256 < 2^63: the reduction of {@link #base62} cannot overflow. */
  private static final int MAX_DIGITS = 9;

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
    return page(campaignId, messageId) + link(campaignId, messageId, targetUrl);
  }

  /** The page part of the tokens of {@code messageId}'s links in {@code campaignId}. */
  public String page(String campaignId, String messageId) {
    return pagePart(campaignId, pageInput(messageId));
  }

  /**
   * Tokens for one batch of links (a {@code CreateLinks} call): the same as {@link #of}, each page
   * part derived once for the batch, since a page's links share it.
   */
  public Batch batch() {
    return new Batch();
  }

  /** Tokens of one batch of links; not for use by several threads. */
  public final class Batch {

    private record Page(String campaignId, String input) {}

    private final Map<Page, String> pages = new HashMap<>();

    private Batch() {}

    /** {@link KeyedLinkTokens#of}, with the page part derived once per page. */
    public String of(String campaignId, String messageId, String targetUrl) {
      String page =
          pages.computeIfAbsent(
              new Page(campaignId, pageInput(messageId)), p -> pagePart(p.campaignId(), p.input()));
      return page + link(campaignId, messageId, targetUrl);
    }
  }

  /** What names the page of {@code messageId}: the time it carries, else the id itself. */
  private static String pageInput(String messageId) {
    Optional<Instant> composed = MessageIdTime.composedAt(messageId);
    return composed.isPresent() ? "t" + composed.get().toEpochMilli() : "m" + messageId;
  }

  private String pagePart(String campaignId, String pageInput) {
    return base62(mac("page", campaignId, pageInput), PAGE_LENGTH);
  }

  private String link(String campaignId, String messageId, String targetUrl) {
    return base62(mac("link", campaignId, messageId, targetUrl), LINK_LENGTH);
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

  /**
   * The {@code length} last base62 digits of {@code digest} read as an unsigned big-endian number,
   * that is of the digest modulo 62^length; reduced byte by byte (Horner), which stays within a
   * long for up to 9 digits.
   */
  static String base62(byte[] digest, int length) {
    if (length > MAX_DIGITS) {
      throw new IllegalArgumentException("at most " + MAX_DIGITS + " base62 digits");
    }
    long modulus = 1;
    for (int i = 0; i < length; i++) {
      modulus *= BASE;
    }
    long value = 0;
    for (byte b : digest) {
      value = ((value << 8) | (b & 0xff)) % modulus;
    }
    char[] chars = new char[length];
    for (int i = length - 1; i >= 0; i--) {
      chars[i] = LinkTokens.ALPHABET.charAt((int) (value % BASE));
      value /= BASE;
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
