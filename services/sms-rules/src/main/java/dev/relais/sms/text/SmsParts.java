package dev.relais.sms.text;

import java.util.ArrayList;
import java.util.List;

/**
 * How a text travels as SMS: its encoding and where it splits into the parts of a concatenated
 * message. The scheduler counts (and prices) parts with it, dispatch sends the parts it cuts.
 *
 * <p>A single SMS holds 160 septets or 70 UTF-16 code units; concatenated parts lose room to the
 * user data header and hold 153 or 67. A character is never cut: an extension character (escape +
 * code, two septets) and a surrogate pair (two UTF-16 units) always land in the same part, so a
 * part may hold one unit less than its room, a handset never shows half a character, and each part
 * decodes on its own. A lone surrogate is one unit like any other character (see {@link
 * SmsEncoding}) and may end a part.
 */
public final class SmsParts {

  /** Concatenated SMS number their parts in one octet. */
  public static final int MAX_PARTS = 255;

  /** Every text that fits one message starts its only part at 0; never written to. */
  private static final int[] ONE_PART = {0};

  private final String text;
  private final SmsEncoding encoding;
  private final int units;
  private final int[] starts;
  private final int parts;

  private SmsParts(String text, SmsEncoding encoding, int units, int[] starts, int parts) {
    this.text = text;
    this.encoding = encoding;
    this.units = units;
    this.starts = starts;
    this.parts = parts;
  }

  /** Chooses the encoding of {@code text} and splits it. An empty text is one empty part. */
  public static SmsParts of(String text) {
    SmsEncoding encoding = SmsEncoding.of(text);
    int units = encoding.units(text, 0, text.length());
    if (units <= encoding.singlePartCapacity()) {
      return new SmsParts(text, encoding, units, ONE_PART, 1);
    }
    int capacity = encoding.concatenatedPartCapacity();
    // Every part but the last holds at least capacity - 1 units.
    int[] starts = new int[units / (capacity - 1) + 2];
    int parts = 1;
    int used = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      int width;
      int chars = 1;
      if (encoding == SmsEncoding.GSM_7) {
        width = GsmAlphabet.septets(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        width = 2;
        chars = 2;
      } else {
        width = 1;
      }
      if (used + width > capacity) {
        starts[parts++] = i;
        used = 0;
      }
      used += width;
      i += chars;
    }
    return new SmsParts(text, encoding, units, starts, parts);
  }

  /** The whole text. */
  public String text() {
    return text;
  }

  public SmsEncoding encoding() {
    return encoding;
  }

  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  public int units() {
    return units;
  }

  /** Number of parts: 1 when the text fits one message. */
  public int parts() {
    return parts;
  }

  /** Whether the parts travel as a concatenated message, each with a user data header. */
  public boolean concatenated() {
    return parts > 1;
  }

  /** Index in the text where part {@code part} (0-based) starts. */
  public int start(int part) {
    return starts[part];
  }

  /** Index in the text where part {@code part} (0-based) ends, exclusive. */
  public int end(int part) {
    return part + 1 < parts ? starts[part + 1] : text.length();
  }

  /** The text of each part, in order. */
  public List<String> partTexts() {
    List<String> texts = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      texts.add(text.substring(start(i), end(i)));
    }
    return texts;
  }

  @Override
  public String toString() {
    return encoding + " " + units + " units in " + parts + " part(s)";
  }
}
