package dev.relais.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns phone numbers and message bodies into forms safe for logs, metrics and spans.
 *
 * <p>Phone numbers and texts are personal data: they never leave Cassandra in clear.
 */
public final class PersonalData {

  private PersonalData() {}

  /** "+33612345678" becomes "+336******78": enough to eyeball a route, not to call anyone. */
  public static String maskPhone(String phone) {
    if (phone == null || phone.isEmpty()) {
      return "";
    }
    int keepStart = Math.min(4, phone.length() / 3);
    int keepEnd = Math.min(2, phone.length() / 4);
    StringBuilder masked = new StringBuilder(phone.length());
    masked.append(phone, 0, keepStart);
    masked.append("*".repeat(phone.length() - keepStart - keepEnd));
    masked.append(phone, phone.length() - keepEnd, phone.length());
    return masked.toString();
  }

  /** A stable pseudonym for correlating one number across logs without revealing it. */
  public static String hashPhone(String phone) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(("relais:" + phone).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Describes a message body by its length only. */
  public static String describeText(String text) {
    return text == null ? "<none>" : "<" + text.length() + " chars>";
  }
}
