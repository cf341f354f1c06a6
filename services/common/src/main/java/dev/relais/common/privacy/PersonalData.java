package dev.relais.common.privacy;

/**
 * Turns phone numbers and message bodies into forms safe for logs, metrics and spans.
 *
 * <p>Phone numbers and texts are personal data: they never leave Cassandra in clear.
 */
public final class PersonalData {

  private static final String LOG_PURPOSE = "relais-log:";

  private static final String CONTACT_KEY_PURPOSE = "contact-key:";

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

  /**
   * A stable pseudonym for correlating one number across logs without revealing it: the first 64
   * bits of an HMAC-SHA256 under the platform's privacy key. Without the key nobody can test
   * numbers against it, so a log line does not identify anyone once the number is erased. The
   * hashed input is prefixed so that a log pseudonym never matches a stored suppression hash of the
   * same number.
   */
  public static String hashPhone(String phone, PrivacyKey key) {
    return key.hmacHex(LOG_PURPOSE + phone).substring(0, 16);
  }

  /**
   * The key that stands for a contact in stores outside contacts (the links of its messages), so
   * that its erasure and export reach them: the full HMAC-SHA256 of the number under the privacy
   * key, with a purpose prefix of its own, so that it matches neither a log pseudonym nor a stored
   * suppression hash.
   */
  public static String contactKey(String phone, PrivacyKey key) {
    return key.hmacHex(CONTACT_KEY_PURPOSE + phone);
  }

  /** Describes a message body by its length only. */
  public static String describeText(String text) {
    return text == null ? "<none>" : "<" + text.length() + " chars>";
  }
}
