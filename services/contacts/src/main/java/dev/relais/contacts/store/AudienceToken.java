package dev.relais.contacts.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Where an audience scan stopped: the bucket being read and the driver's paging state inside it,
 * bound to the filter it was issued for. Clients see it as an opaque base64 string.
 *
 * <p>Layout: version (1 byte), filter fingerprint (4 bytes), bucket (1 byte), paging state (rest,
 * possibly empty: start of the bucket).
 */
public record AudienceToken(int filterFingerprint, int bucket, ByteBuffer pagingState) {

  private static final byte VERSION = 1;

  public AudienceToken {
    if (bucket < 0 || bucket >= ContactBuckets.COUNT) {
      throw new IllegalArgumentException("bucket out of range");
    }
    pagingState = pagingState == null ? null : pagingState.asReadOnlyBuffer();
  }

  /** Encodes the token for a client. */
  public String encode() {
    int stateLength = pagingState == null ? 0 : pagingState.remaining();
    ByteBuffer out = ByteBuffer.allocate(6 + stateLength);
    out.put(VERSION).putInt(filterFingerprint).put((byte) bucket);
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
      throw new IllegalArgumentException("page_token is not a token returned by ListAudience");
    }
    if (bytes.length < 6 || bytes[0] != VERSION) {
      throw new IllegalArgumentException("page_token is not a token returned by ListAudience");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.get();
    int fingerprint = in.getInt();
    int bucket = in.get() & 0xFF;
    if (bucket >= ContactBuckets.COUNT) {
      throw new IllegalArgumentException("page_token is not a token returned by ListAudience");
    }
    ByteBuffer state =
        in.hasRemaining() ? ByteBuffer.wrap(bytes, 6, bytes.length - 6).slice() : null;
    return new AudienceToken(fingerprint, bucket, state);
  }

  /**
   * A fingerprint of a filter: a token only continues the scan it was issued for, as a paging state
   * replayed against another query would skip or repeat contacts.
   */
  public static int fingerprint(String list, List<String> tags) {
    CRC32 crc = new CRC32();
    crc.update(("list=" + list).getBytes(StandardCharsets.UTF_8));
    tags.stream()
        .sorted()
        .forEach(t -> crc.update(("\0tag=" + t).getBytes(StandardCharsets.UTF_8)));
    return (int) crc.getValue();
  }
}
