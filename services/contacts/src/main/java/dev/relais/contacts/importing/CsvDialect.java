package dev.relais.contacts.importing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * How a contacts file is written, read from its first bytes: byte-order mark and field delimiter.
 * Refuses content that is not text at all, and text whose first lines neither UTF-8 nor
 * Windows-1252 can read, before any row is stored.
 *
 * <p>The character set itself is decided by {@link CsvCharsetReader} while the file is read, at its
 * first non-ASCII character wherever that is; the first {@value #SNIFF_BYTES} bytes are decoded
 * here the same way, so that a file that cannot be read is refused whole when the problem is there.
 * The delimiter is the most frequent of ';', ',' and tab in the header line, outside quotes.
 */
public record CsvDialect(int bomLength, char delimiter) {

  /** How much of the file is examined: enough for any real header line. */
  public static final int SNIFF_BYTES = 64 * 1024;

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * Examines the first {@code length} bytes of a file.
   *
   * @param complete whether these bytes are the whole file (a short file needs no line break)
   * @throws NotCsvException when the content is binary, has no header line, or holds text that
   *     neither UTF-8 nor Windows-1252 can read
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
    int end = length;
    if (!complete) {
      // Whole lines only: the last one may be cut in the middle of a character.
      while (end > bom && prefix[end - 1] != '\n') {
        end--;
      }
      if (end == bom) {
        throw new NotCsvException(
            "no line break in the first " + SNIFF_BYTES / 1024 + " KiB: this is not a CSV file");
      }
    }
    String text = decode(prefix, bom, end);
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
    String header = lineEnd < 0 ? text : text.substring(0, lineEnd);
    return new CsvDialect(bom, delimiterOf(header));
  }

  /** The bytes as {@link CsvCharsetReader} reads them. */
  private static String decode(byte[] prefix, int from, int to) {
    try (CsvCharsetReader reader =
        new CsvCharsetReader(new ByteArrayInputStream(prefix, from, to - from), from > 0)) {
      StringWriter text = new StringWriter();
      reader.transferTo(text);
      return text.toString();
    } catch (CsvCharsetReader.UndecodableTextException e) {
      throw new NotCsvException(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array cannot fail to be read
    }
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
