package dev.relais.sms.text;

/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table, written as SMPP carries
 * data_coding 0: one septet per octet, an extension character as the escape 0x1B followed by its
 * code (two septets).
 *
 * <p>Only the standard tables are used: letters outside them (e.g. "ç", "ê", "œ") make a text UCS-2
 * rather than being silently transliterated; a campaign may opt in to {@link GsmTransliteration}.
 */
public final class GsmAlphabet {

  /** The escape to the extension table; never a character of its own. */
  public static final int ESCAPE = 0x1B;

  /** Index = septet value; the character at {@link #ESCAPE} only keeps the positions right. */
  private static final String BASIC =
      "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
          + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001B\u00C6\u00E6\u00DF\u00C9"
          + " !\"#\u00A4%&'()*+,-./"
          + "0123456789:;<=>?"
          + "\u00A1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00C4\u00D6\u00D1\u00DC\u00A7"
          + "\u00BFabcdefghijklmnopqrstuvwxyz\u00E4\u00F6\u00F1\u00FC\u00E0";

  private static final String EXTENSION = "\f^{}\\[~]|\u20AC";
  private static final byte[] EXTENSION_CODES = {
    0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65
  };

  /** Characters at or above this value (the euro sign is the highest) are never GSM-7. */
  private static final int TABLE_SIZE = '\u20AC' + 1;

  /** Septets of each character: 1 basic, 2 extension, 0 not GSM-7. */
  private static final byte[] SEPTETS = new byte[TABLE_SIZE];

  /** The basic septet, or the extension code, of each character with a GSM-7 encoding. */
  private static final byte[] CODES = new byte[TABLE_SIZE];

  static {
    for (int septet = 0; septet < BASIC.length(); septet++) {
      if (septet != ESCAPE) {
        SEPTETS[BASIC.charAt(septet)] = 1;
        CODES[BASIC.charAt(septet)] = (byte) septet;
      }
    }
    for (int i = 0; i < EXTENSION.length(); i++) {
      SEPTETS[EXTENSION.charAt(i)] = 2;
      CODES[EXTENSION.charAt(i)] = EXTENSION_CODES[i];
    }
  }

  private GsmAlphabet() {}

  /** Septets {@code c} takes: 1 in the basic table, 2 in the extension table, 0 if not GSM-7. */
  public static int septets(char c) {
    return c < TABLE_SIZE ? SEPTETS[c] : 0;
  }

  /** Whether every character of {@code text} has a GSM-7 encoding. */
  public static boolean canEncode(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (septets(text.charAt(i)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Septets the characters {@code [from, to)} of a GSM-7 text take. */
  public static int septetLength(CharSequence text, int from, int to) {
    int length = 0;
    for (int i = from; i < to; i++) {
      length += septets(text.charAt(i));
    }
    return length;
  }

  /**
   * Encodes {@code text} as unpacked septets.
   *
   * @throws IllegalArgumentException if a character has no GSM-7 encoding
   */
  public static byte[] encode(CharSequence text) {
    byte[] out = new byte[septetLength(text, 0, text.length())];
    encode(text, 0, text.length(), out, 0);
    return out;
  }

  /**
   * Writes the characters {@code [from, to)} of {@code text} as unpacked septets into {@code out}
   * from {@code offset}, with no intermediate copy.
   *
   * @return the offset after the last septet written
   * @throws IllegalArgumentException if a character has no GSM-7 encoding
   */
  public static int encode(CharSequence text, int from, int to, byte[] out, int offset) {
    int o = offset;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      switch (septets(c)) {
        case 1 -> out[o++] = CODES[c];
        case 2 -> {
          out[o++] = ESCAPE;
          out[o++] = CODES[c];
        }
        default ->
            throw new IllegalArgumentException(
                "character U+" + Integer.toHexString(c) + " has no GSM-7 encoding");
      }
    }
    return o;
  }

  /**
   * Decodes unpacked septets (an inbound message, or what an ESME submitted). Text from the network
   * must never break its receiver, so nothing here fails: an octet above 0x7F (not a septet) and a
   * trailing escape become '?'; as GSM 03.38 asks, an escape followed by a code the extension table
   * does not define shows that code's basic character, and a double escape shows a space.
   */
  public static String decode(byte[] septets, int offset, int length) {
    StringBuilder text = new StringBuilder(length);
    int end = Math.min(septets.length, offset + length);
    for (int i = offset; i < end; i++) {
      int septet = septets[i] & 0xFF;
      if (septet > 0x7F || (septet == ESCAPE && i + 1 == end)) {
        text.append('?');
      } else if (septet == ESCAPE) {
        text.append(extensionChar(septets[++i] & 0xFF));
      } else {
        text.append(BASIC.charAt(septet));
      }
    }
    return text.toString();
  }

  private static char extensionChar(int code) {
    for (int i = 0; i < EXTENSION_CODES.length; i++) {
      if (EXTENSION_CODES[i] == code) {
        return EXTENSION.charAt(i);
      }
    }
    if (code == ESCAPE) {
      return ' ';
    }
    return code > 0x7F ? '?' : BASIC.charAt(code);
  }
}
