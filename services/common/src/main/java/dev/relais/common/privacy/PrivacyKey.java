package dev.relais.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's privacy key ({@code privacy.key}, environment variable PRIVACY_KEY, from the
 * Secret named by SmsPlatform {@code spec.privacyKeySecretRef}): the secret of every keyed hash of
 * a phone number, whether stored (erased-number suppressions) or written to a log.
 *
 * <p>A plain or salted hash of a phone number is reversed by hashing every possible number (all
 * French mobiles take minutes); an HMAC-SHA256 is not without the key.
 */
public final class PrivacyKey {

  private final SecretKeySpec key;

  private PrivacyKey(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The key of {@code secret}, which must not be empty. */
  public static PrivacyKey of(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("privacy.key must not be empty");
    }
    return new PrivacyKey(secret);
  }

  /** The HMAC-SHA256 of {@code value} under this key, in hex. */
  public String hmacHex(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "PrivacyKey[hidden]";
  }
}
