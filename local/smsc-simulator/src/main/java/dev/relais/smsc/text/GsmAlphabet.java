package dev.relais.smsc.text;

import java.io.ByteArrayOutputStream;

/** GSM 03.38 default alphabet and its extension table, one septet per octet as SMPP carries it. */
public final class GsmAlphabet {

  /** Index = septet value. 0x1B is the escape to the extension table, kept as a placeholder. */
  private static final String BASIC =
      "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
          + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001B\u00C6\u00E6\u00DF\u00C9"
          + " !\"#\u00A4%&'()*+,-./"
          + "0123456789:;<=>?"
          + "\u00A1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00C4\u00D6\u00D1\u00DC\u00A7"
          + "\u00BFabcdefghijklmnopqrstuvwxyz\u00E4\u00F6\u00F1\u00FC\u00E0";

  private static final int ESCAPE = 0x1B;
  private static final String EXTENSION_CHARS = "\f^{}\\[~]|\u20AC";
  private static final byte[] EXTENSION_CODES = {
    0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65
  };

  private GsmAlphabet() {}

  /** Number of characters in the basic table (always 128); exposed for tests. */
  static int basicTableSize() {
    return BASIC.length();
  }

  /**
   * Decodes unpacked septets. Octets above 0x7F are not GSM-7 and become '?', so that a
   * mis-declared data_coding shows up in assertions instead of failing the simulator.
   */
  public static String decode(byte[] septets, int offset, int length) {
    StringBuilder text = new StringBuilder(length);
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      int septet = septets[i] & 0xFF;
      if (septet > 0x7F) {
        text.append('?');
      } else if (septet == ESCAPE) {
        if (i + 1 < end) {
          i++;
          text.append(extensionChar(septets[i] & 0x7F));
        }
      } else {
        text.append(BASIC.charAt(septet));
      }
    }
    return text.toString();
  }

  /** True when every character has a GSM-7 code (basic or extension table). */
  public static boolean canEncode(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ESCAPE || (BASIC.indexOf(c) < 0 && EXTENSION_CHARS.indexOf(c) < 0)) {
        return false;
      }
    }
    return true;
  }

  /** Encodes to unpacked septets; extension characters take two octets (escape + code). */
  public static byte[] encode(CharSequence text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int basic = c == ESCAPE ? -1 : BASIC.indexOf(c);
      if (basic >= 0) {
        out.write(basic);
        continue;
      }
      int extension = EXTENSION_CHARS.indexOf(c);
      if (extension < 0) {
        throw new IllegalArgumentException(
            "character U+" + Integer.toHexString(c) + " has no GSM-7 code");
      }
      out.write(ESCAPE);
      out.write(EXTENSION_CODES[extension]);
    }
    return out.toByteArray();
  }

  private static char extensionChar(int code) {
    for (int i = 0; i < EXTENSION_CODES.length; i++) {
      if (EXTENSION_CODES[i] == code) {
        return EXTENSION_CHARS.charAt(i);
      }
    }
    // 03.38: an unknown extension code is shown as the basic-table character.
    return code == ESCAPE ? ' ' : BASIC.charAt(code);
  }
}
