package dev.relais.contacts.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Where an audience scan stopped: the bucket being read and the driver's paging state inside it,
 * bound to the filter it was issued for and, for a segment filter, to the time its relative dates
 * are evaluated at (so that "now-90d" means the same day on every page of one expansion). Clients
 * see it as an opaque base64 string.
 *
 * <p>Layout: version (1 byte: 1 without evaluation time, 2 with), filter fingerprint (4 bytes),
 * bucket (1 byte), evaluation time in epoch milliseconds (8 bytes, version 2 only), paging state
 * (rest, possibly empty: start of the bucket).
 */
public record AudienceToken(
    int filterFingerprint, int bucket, Instant evaluatedAt, ByteBuffer pagingState) {

  private static final byte WITHOUT_TIME = 1;
  private static final byte WITH_TIME = 2;

  public AudienceToken {
    if (bucket < 0 || bucket >= ContactBuckets.COUNT) {
      throw new IllegalArgumentException("bucket out of range");
    }
    pagingState = pagingState == null ? null : pagingState.asReadOnlyBuffer();
  }

  /** A token without evaluation time (a filter without relative dates). */
  public AudienceToken(int filterFingerprint, int bucket, ByteBuffer pagingState) {
    this(filterFingerprint, bucket, null, pagingState);
  }

  /** Encodes the token for a client. */
  public String encode() {
    int stateLength = pagingState == null ? 0 : pagingState.remaining();
    int header = evaluatedAt == null ? 6 : 14;
    ByteBuffer out = ByteBuffer.allocate(header + stateLength);
    out.put(evaluatedAt == null ? WITHOUT_TIME : WITH_TIME)
        .putInt(filterFingerprint)
        .put((byte) bucket);
    if (evaluatedAt != null) {
      out.putLong(evaluatedAt.toEpochMilli());
    }
    if (pagingState != null) {
      out.put(pagingState.duplicate());
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
  }

  /**
   * Decodes a client's token.
   *
   * @throws IllegalArgumentException when the token was not issued by {@link #encode}
   */
  public static AudienceToken decode(String token) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw foreign();
    }
    if (bytes.length < 6 || (bytes[0] != WITHOUT_TIME && bytes[0] != WITH_TIME)) {
      throw foreign();
    }
    int header = bytes[0] == WITH_TIME ? 14 : 6;
    if (bytes.length < header) {
      throw foreign();
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.get();
    int fingerprint = in.getInt();
    int bucket = in.get() & 0xFF;
    if (bucket >= ContactBuckets.COUNT) {
      throw foreign();
    }
    Instant evaluatedAt = header == 14 ? Instant.ofEpochMilli(in.getLong()) : null;
    ByteBuffer state =
        in.hasRemaining() ? ByteBuffer.wrap(bytes, header, bytes.length - header).slice() : null;
    return new AudienceToken(fingerprint, bucket, evaluatedAt, state);
  }

  private static IllegalArgumentException foreign() {
    return new IllegalArgumentException("page_token is not a token returned by ListAudience");
  }

  /**
   * A fingerprint of a filter: a token only continues the scan it was issued for, as a paging state
   * replayed against another query would skip or repeat contacts.
   */
  public static int fingerprint(String list, List<String> tags) {
    return fingerprint(list, tags, "");
  }

  /** The same, with the canonical form of a segment filter (empty: none). */
  public static int fingerprint(String list, List<String> tags, String segment) {
    CRC32 crc = new CRC32();
    crc.update(("list=" + list).getBytes(StandardCharsets.UTF_8));
    tags.stream()
        .sorted()
        .forEach(t -> crc.update(("\0tag=" + t).getBytes(StandardCharsets.UTF_8)));
    if (!segment.isEmpty()) {
      crc.update(("\0segment=" + segment).getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }
}
