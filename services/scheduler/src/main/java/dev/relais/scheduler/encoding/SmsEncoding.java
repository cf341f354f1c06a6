package dev.relais.scheduler.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides how a text travels as SMS: GSM-7 (3GPP TS 23.038 default alphabet plus its extension
 * table, whose characters take two septets) when every character allows it, UCS-2 otherwise; and
 * where the text splits into concatenated parts.
 *
 * <p>A single SMS holds 160 septets or 70 UTF-16 code units; concatenated parts lose room to the
 * user data header and hold 153 or 67. A part never ends inside an extension pair (escape +
 * character) or a surrogate pair, so a part may hold one unit less than its room.
 *
 * <p>Only the standard alphabet is used: letters outside it (e.g. "ç", "ê", "œ") switch the whole
 * message to UCS-2 rather than being silently transliterated.
 */
public final class SmsEncoding {

  /** How a message is encoded on the air interface. */
  public enum Encoding {
    GSM_7,
    UCS_2
  }

  /** GSM-7 single-message and per-part room, in septets. */
  public static final int GSM_SINGLE = 160;

  public static final int GSM_PART = 153;

  /** UCS-2 single-message and per-part room, in UTF-16 code units. */
  public static final int UCS2_SINGLE = 70;

  public static final int UCS2_PART = 67;

  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  private static final String EXTENSION = "\f^{}\\[~]|€";

  /** Septets per BMP character: 0 when the character is not in GSM-7. */
  private static final byte[] SEPTETS = new byte[Character.MAX_VALUE + 1];

  static {
    for (char c : BASIC.toCharArray()) {
      SEPTETS[c] = 1;
    }
    for (char c : EXTENSION.toCharArray()) {
      SEPTETS[c] = 2;
    }
  }

  /**
   * The outcome for one text.
   *
   * @param units septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text
   * @param partStarts index in the text where each part starts; one entry per part
   */
  public record Analysis(Encoding encoding, int units, String text, int[] partStarts) {

    public int parts() {
      return partStarts.length;
    }

    /** The text of each part, in order. */
    public List<String> partTexts() {
      List<String> texts = new ArrayList<>(partStarts.length);
      for (int i = 0; i < partStarts.length; i++) {
        int end = i + 1 < partStarts.length ? partStarts[i + 1] : text.length();
        texts.add(text.substring(partStarts[i], end));
      }
      return texts;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Analysis a
          && encoding == a.encoding
          && units == a.units
          && text.equals(a.text)
          && Arrays.equals(partStarts, a.partStarts);
    }

    @Override
    public int hashCode() {
      return 31 * text.hashCode() + Arrays.hashCode(partStarts);
    }

    @Override
    public String toString() {
      return encoding + " " + units + " units in " + parts() + " part(s)";
    }
  }

  private SmsEncoding() {}

  /** True when every character of {@code text} exists in GSM-7 (basic or extension table). */
  public static boolean isGsm7(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (SEPTETS[text.charAt(i)] == 0) {
        return false;
      }
    }
    return true;
  }

  /** Septets a GSM-7 character takes (1 or 2), or 0 when it is not in GSM-7. */
  public static int septets(char c) {
    return SEPTETS[c];
  }

  /** Chooses the encoding and splits {@code text} into parts. An empty text is one empty part. */
  public static Analysis analyze(String text) {
    return isGsm7(text) ? gsm7(text) : ucs2(text);
  }

  private static Analysis gsm7(String text) {
    int units = 0;
    for (int i = 0; i < text.length(); i++) {
      units += SEPTETS[text.charAt(i)];
    }
    if (units <= GSM_SINGLE) {
      return new Analysis(Encoding.GSM_7, units, text, new int[] {0});
    }
    int[] starts = new int[units / (GSM_PART - 1) + 2];
    int parts = 1;
    int used = 0;
    for (int i = 0; i < text.length(); i++) {
      int width = SEPTETS[text.charAt(i)];
      if (used + width > GSM_PART) {
        starts[parts++] = i;
        used = 0;
      }
      used += width;
    }
    return new Analysis(Encoding.GSM_7, units, text, Arrays.copyOf(starts, parts));
  }

  private static Analysis ucs2(String text) {
    int units = text.length();
    if (units <= UCS2_SINGLE) {
      return new Analysis(Encoding.UCS_2, units, text, new int[] {0});
    }
    int[] starts = new int[units / (UCS2_PART - 1) + 2];
    int parts = 1;
    int used = 0;
    for (int i = 0; i < text.length(); i++) {
      // A high surrogate and its low surrogate move to the next part together.
      int width = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? 2 : 1;
      if (used + width > UCS2_PART) {
        starts[parts++] = i;
        used = 0;
      }
      used += width;
      i += width - 1;
    }
    return new Analysis(Encoding.UCS_2, units, text, Arrays.copyOf(starts, parts));
  }
}
