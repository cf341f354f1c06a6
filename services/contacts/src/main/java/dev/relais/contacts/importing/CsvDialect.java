package dev.relais.contacts.importing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a contacts file is written, guessed from its first bytes: byte-order mark, character set and
 * field delimiter. Refuses content that is not text at all.
 *
 * <p>Files are UTF-8 with or without BOM; a prefix that is not valid UTF-8 but is text is read as
 * Windows-1252, which is what Excel's plain "CSV" export produces on French systems ("Pr\xe9nom").
 * The delimiter is the most frequent of ';', ',' and tab in the header line, outside quotes.
 */
public record CsvDialect(int bomLength, Charset charset, char delimiter) {

  /** How much of the file is examined: enough for any real header line. */
  public static final int SNIFF_BYTES = 64 * 1024;

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * Examines the first {@code length} bytes of a file.
   *
   * @param complete whether these bytes are the whole file (a short file needs no line break)
   * @throws NotCsvException when the content is binary or has no header line
   */
  public static CsvDialect detect(byte[] prefix, int length, boolean complete) {
    if (length >= 2
        && ((prefix[0] == (byte) 0xFF && prefix[1] == (byte) 0xFE)
            || (prefix[0] == (byte) 0xFE && prefix[1] == (byte) 0xFF))) {
      throw new NotCsvException(
          "the file is UTF-16 text (Excel \"Unicode text\"): save it as \"CSV UTF-8\" and import"
              + " it again");
    }
    int bom = startsWith(prefix, length, UTF8_BOM) ? UTF8_BOM.length : 0;
    for (int i = bom; i < length; i++) {
      if (prefix[i] == 0) {
        throw new NotCsvException(
            "the file holds binary content (e.g. a spreadsheet .xlsx, an image or an archive),"
                + " not CSV text: export it as CSV first");
      }
    }
    Charset charset =
        isUtf8(prefix, bom, length - bom, complete) ? StandardCharsets.UTF_8 : WINDOWS_1252;
    String text = new String(prefix, bom, length - bom, charset);
    int controls = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
        controls++;
      }
    }
    if (controls > 0) {
      throw new NotCsvException(
          "the file holds control characters, so it is binary content and not CSV text");
    }
    int lineEnd = text.indexOf('\n');
    if (lineEnd < 0 && !complete) {
      throw new NotCsvException(
          "no line break in the first " + SNIFF_BYTES / 1024 + " KiB: this is not a CSV file");
    }
    String header = lineEnd < 0 ? text : text.substring(0, lineEnd);
    return new CsvDialect(bom, charset, delimiterOf(header));
  }

  /** The most frequent candidate delimiter outside quotes; ',' when the header has one column. */
  static char delimiterOf(String headerLine) {
    int semicolons = 0;
    int commas = 0;
    int tabs = 0;
    boolean quoted = false;
    for (int i = 0; i < headerLine.length(); i++) {
      char c = headerLine.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        switch (c) {
          case ';' -> semicolons++;
          case ',' -> commas++;
          case '\t' -> tabs++;
          default -> {}
        }
      }
    }
    if (semicolons == 0 && commas == 0 && tabs == 0) {
      return ',';
    }
    if (semicolons >= commas && semicolons >= tabs) {
      return ';';
    }
    return commas >= tabs ? ',' : '\t';
  }

  private static boolean isUtf8(byte[] bytes, int offset, int length, boolean complete) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(length + 1);
    CoderResult result = decoder.decode(in, out, complete);
    if (result.isError()) {
      return false;
    }
    // A multi-byte character cut by the end of the sniffed prefix is not an error.
    if (!complete) {
      return in.remaining() < 4;
    }
    try {
      CoderResult flushed = decoder.flush(out);
      if (flushed.isError()) {
        flushed.throwException();
      }
      return !in.hasRemaining();
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
