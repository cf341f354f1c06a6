package dev.relais.dispatch.inbound;

import dev.relais.dispatch.BoundedMap;
import java.util.UUID;

/**
 * The last message this process sent to each number, so that a STOP reply can be attributed to the
 * campaign that prompted it. Bounded and in memory only: it holds phone numbers, which must not
 * outlive their use, and an opt-out it cannot attribute is still recorded by contacts.
 */
public final class RecentRecipients {

  /** The last message sent to a number. */
  public record LastMessage(UUID messageId, String campaignId, String variant) {}

  private final BoundedMap<String, LastMessage> byNumber;

  public RecentRecipients(int maxNumbers) {
    this.byNumber = new BoundedMap<>(maxNumbers);
  }

  public void sent(String destination, LastMessage message) {
    String key = key(destination);
    if (!key.isEmpty()) {
      byNumber.put(key, message);
    }
  }

  /** The last message to a number, or null; the number may be written with or without '+'. */
  public LastMessage lastSentTo(String number) {
    String key = key(number);
    return key.isEmpty() ? null : byNumber.get(key);
  }

  /** Digits only: "+33 6 12..." and "33612..." are the same number. */
  static String key(String number) {
    if (number == null) {
      return "";
    }
    StringBuilder digits = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }
}
