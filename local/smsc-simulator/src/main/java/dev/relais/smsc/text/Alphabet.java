package dev.relais.smsc.text;

import dev.relais.sms.text.GsmAlphabet;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The character sets an SMPP data_coding value can name, with how to turn octets into text. */
public enum Alphabet {
  GSM7,
  ASCII,
  LATIN1,
  CYRILLIC,
  HEBREW,
  UCS2,
  /** 8-bit data or an alphabet the simulator does not know: shown as lowercase hex. */
  BINARY;

  /**
   * Maps an SMPP 3.4 data_coding (section 5.2.19) to its alphabet. Values 0x10-0x3F follow the GSM
   * 03.38 general data coding groups, and 0xC0-0xFF the message-waiting and class groups, since
   * ESMEs send those too.
   */
  public static Alphabet of(int dataCoding) {
    int dcs = dataCoding & 0xFF;
    switch (dcs) {
      case 0x00:
        return GSM7;
      case 0x01:
        return ASCII;
      case 0x03:
        return LATIN1;
      case 0x06:
        return CYRILLIC;
      case 0x07:
        return HEBREW;
      case 0x08:
        return UCS2;
      default:
        break;
    }
    if (dcs >= 0x10 && dcs <= 0x3F && (dcs & 0x20) == 0) {
      return fromGsmAlphabetBits((dcs >> 2) & 0x03);
    }
    if (dcs >= 0xC0 && dcs <= 0xDF) {
      return GSM7;
    }
    if (dcs >= 0xE0 && dcs <= 0xEF) {
      return UCS2;
    }
    if (dcs >= 0xF0) {
      return (dcs & 0x04) == 0 ? GSM7 : BINARY;
    }
    return BINARY;
  }

  private static Alphabet fromGsmAlphabetBits(int bits) {
    return switch (bits) {
      case 0 -> GSM7;
      case 2 -> UCS2;
      default -> BINARY;
    };
  }

  /** Decodes {@code length} octets from {@code offset}. */
  public String decode(byte[] octets, int offset, int length) {
    return switch (this) {
      case GSM7 -> GsmAlphabet.decode(octets, offset, length);
      case ASCII -> new String(octets, offset, length, StandardCharsets.US_ASCII);
      case LATIN1 -> new String(octets, offset, length, StandardCharsets.ISO_8859_1);
      case CYRILLIC -> new String(octets, offset, length, Charset.forName("ISO-8859-5"));
      case HEBREW -> new String(octets, offset, length, Charset.forName("ISO-8859-8"));
      case UCS2 -> new String(octets, offset, length & ~1, StandardCharsets.UTF_16BE);
      case BINARY -> HexFormat.of().formatHex(octets, offset, offset + length);
    };
  }
}
