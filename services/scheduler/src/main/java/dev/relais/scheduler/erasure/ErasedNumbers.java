package dev.relais.scheduler.erasure;

import dev.relais.sms.address.E164;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The numbers of an erasure request, checked before the queue is scanned: E.164 only (contacts has
 * normalised them; anything else would match nothing and report a false "nothing queued"), at most
 * {@link #MAX} per call so that one scan stays bounded, duplicates merged.
 */
public final class ErasedNumbers {

  /** Numbers one call may erase. */
  public static final int MAX = 1000;

  private ErasedNumbers() {}

  /**
   * The distinct numbers of a request.
   *
   * @throws IllegalArgumentException naming the position of the first bad number (never the number
   *     itself, which is personal data and may end in a log)
   */
  public static Set<String> of(List<String> phones) {
    if (phones.isEmpty()) {
      throw new IllegalArgumentException("phones: at least one number is required");
    }
    if (phones.size() > MAX) {
      throw new IllegalArgumentException(
          "phones: at most " + MAX + " numbers per call, got " + phones.size());
    }
    Set<String> numbers = new LinkedHashSet<>();
    for (int i = 0; i < phones.size(); i++) {
      numbers.add(e164("phones[" + i + "]", phones.get(i)));
    }
    return numbers;
  }

  /**
   * The one number of an export request (searched exactly as an erasure would search it).
   *
   * @throws IllegalArgumentException naming the field, never the number
   */
  public static String one(String phone) {
    return e164("phone", phone);
  }

  private static String e164(String field, String raw) {
    String phone = raw == null ? "" : raw.strip();
    if (!E164.isCanonical(phone)) {
      throw new IllegalArgumentException(
          field + ": not an E.164 number (expected " + E164.DESCRIPTION + ")");
    }
    return phone;
  }
}
