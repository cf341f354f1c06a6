package dev.relais.dispatch.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text into the parts of a concatenated SMS: 153 septets (GSM-7) or 67 UTF-16 units (UCS-2)
 * per part, a text that fits one message (160 / 70) staying whole.
 *
 * <p>A character is never cut: an extension character (escape + code, two septets) and a surrogate
 * pair (two UTF-16 units) always land in the same part, so a handset never shows half a character
 * and each part decodes on its own.
 */
public final class MessageSplitter {

  private MessageSplitter() {}

  /** The parts of {@code text} in {@code encoding}; one part when it fits a single message. */
  public static List<String> split(String text, MessageEncoding encoding) {
    if (encoding == MessageEncoding.GSM7 && !GsmAlphabet.canEncode(text)) {
      throw new IllegalArgumentException("text has characters outside GSM-7");
    }
    if (encoding.length(text) <= encoding.singlePartCapacity()) {
      return List.of(text);
    }
    int capacity = encoding.concatenatedPartCapacity();
    List<String> parts = new ArrayList<>();
    int start = 0;
    int used = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int width;
      int chars;
      if (encoding == MessageEncoding.UCS2
          && Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        width = 2;
        chars = 2;
      } else {
        width = encoding.units(c);
        chars = 1;
      }
      if (used + width > capacity) {
        parts.add(text.substring(start, i));
        start = i;
        used = 0;
      }
      used += width;
      i += chars;
    }
    parts.add(text.substring(start));
    return parts;
  }
}
