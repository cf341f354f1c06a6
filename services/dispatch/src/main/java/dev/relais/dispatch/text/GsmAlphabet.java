package dev.relais.dispatch.text;

/**
 * The GSM 03.38 default alphabet and its extension table, written as SMPP carries data_coding 0:
 * one septet per octet, extension characters as the escape 0x1B followed by their code.
 */
public final class GsmAlphabet {

  /** Index = septet value; 0x1B is the escape to the extension table and never a character. */
  private static final String BASIC =
      "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
          + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u001B\u00C6\u00E6\u00DF\u00C9"
          + " !\"#\u00A4%&'()*+,-./"
          + "0123456789:;<=>?"
          + "\u00A1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00C4\u00D6\u00D1\u00DC\u00A7"
          + "\u00BFabcdefghijklmnopqrstuvwxyz\u00E4\u00F6\u00F1\u00FC\u00E0";

  static final int ESCAPE = 0x1B;
  private static final String EXTENSION = "\f^{}\\[~]|\u20AC";
  private static final byte[] EXTENSION_CODES = {
    0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65
  };

  /** Septet of each basic character indexed by char value, -1 when not in the basic table. */
  private static final byte[] BASIC_CODE = new byte[0x400];

  static {
    java.util.Arrays.fill(BASIC_CODE, (byte) -1);
    for (int septet = 0; septet < BASIC.length(); septet++) {
      if (septet != ESCAPE) {
        BASIC_CODE[BASIC.charAt(septet)] = (byte) septet;
      }
    }
  }

  private GsmAlphabet() {}

  /** Septets {@code c} takes: 1 in the basic table, 2 in the extension table, 0 if not GSM-7. */
  public static int septets(char c) {
    if (c < BASIC_CODE.length && BASIC_CODE[c] >= 0) {
      return 1;
    }
    return EXTENSION.indexOf(c) >= 0 ? 2 : 0;
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

  /** Septets the whole text takes. */
  public static int septetLength(CharSequence text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
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
    byte[] out = new byte[septetLength(text)];
    int o = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < BASIC_CODE.length && BASIC_CODE[c] >= 0) {
        out[o++] = BASIC_CODE[c];
        continue;
      }
      int ext = EXTENSION.indexOf(c);
      if (ext < 0) {
        throw new IllegalArgumentException(
            "character U+" + Integer.toHexString(c) + " is not GSM-7");
      }
      out[o++] = ESCAPE;
      out[o++] = EXTENSION_CODES[ext];
    }
    return out;
  }

  /**
   * Decodes unpacked septets (an inbound message). Octets outside the alphabet become '?' rather
   * than failing: inbound text comes from the network and must never break the receiver.
   */
  public static String decode(byte[] septets, int offset, int length) {
    StringBuilder text = new StringBuilder(length);
    int end = Math.min(septets.length, offset + length);
    for (int i = offset; i < end; i++) {
      int septet = septets[i] & 0xFF;
      if (septet == ESCAPE && i + 1 < end) {
        int code = septets[++i] & 0xFF;
        int ext = indexOf(EXTENSION_CODES, code);
        text.append(ext >= 0 ? EXTENSION.charAt(ext) : ' ');
      } else if (septet < BASIC.length() && septet != ESCAPE) {
        text.append(BASIC.charAt(septet));
      } else {
        text.append('?');
      }
    }
    return text.toString();
  }

  private static int indexOf(byte[] codes, int code) {
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] == code) {
        return i;
      }
    }
    return -1;
  }
}
