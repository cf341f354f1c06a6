package dev.relais.contacts.importing;

import dev.relais.proto.contacts.v1.ImportWarning;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the data rows of a contacts CSV, one at a time, from any input stream: nothing but the
 * current row and a read buffer is held in memory, whatever the size of the file.
 *
 * <p>The first bytes decide the dialect ({@link CsvDialect}) and the header line the columns
 * ({@link CsvColumns}); both checks happen in {@link #open} so that a file that is not a contacts
 * CSV is refused before any row is read.
 */
public final class CsvContactReader implements AutoCloseable {

  /** Warning code of a file read as Windows-1252. */
  public static final String CHARSET_WINDOWS_1252 = "charset-windows-1252";

  /** Reason of the rows lost after a line that cannot be decoded. */
  public static final String UNDECODABLE_TEXT = "undecodable-text";

  /** commons-csv names the line where an unterminated quoted value starts this way. */
  private static final Pattern START_LINE = Pattern.compile("startline (\\d+)");

  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final CsvColumns columns;
  private final CsvDialect dialect;
  private final CsvCharsetReader text;

  private CsvContactReader(
      CSVParser parser,
      Iterator<CSVRecord> records,
      CsvColumns columns,
      CsvDialect dialect,
      CsvCharsetReader text) {
    this.parser = parser;
    this.records = records;
    this.columns = columns;
    this.dialect = dialect;
    this.text = text;
  }

  /** One data row with the line it starts on (the header is line 1). */
  public record Row(long line, List<String> values) {}

  /**
   * Reads the dialect and header of {@code input}.
   *
   * @throws NotCsvException when the input is not a contacts CSV
   */
  public static CsvContactReader open(InputStream input) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(input, CsvDialect.SNIFF_BYTES);
    buffered.mark(CsvDialect.SNIFF_BYTES + 1);
    byte[] prefix = buffered.readNBytes(CsvDialect.SNIFF_BYTES);
    boolean complete = prefix.length < CsvDialect.SNIFF_BYTES || buffered.read() < 0;
    buffered.reset();
    CsvDialect dialect = CsvDialect.detect(prefix, prefix.length, complete);
    buffered.skipNBytes(dialect.bomLength());
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(dialect.delimiter())
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            // `"Dupont" Jr;...` happens in hand-edited files: keep the text rather than fail.
            .setTrailingData(true)
            .get();
    CsvCharsetReader text = new CsvCharsetReader(buffered, dialect.bomLength() > 0);
    CSVParser parser = format.parse(text);
    Iterator<CSVRecord> records = parser.iterator();
    if (!hasNext(records, parser)) {
      parser.close();
      throw new NotCsvException("the file is empty: expected a header line naming the columns");
    }
    CsvColumns columns = CsvColumns.fromHeader(records.next().toList());
    return new CsvContactReader(parser, records, columns, dialect, text);
  }

  public CsvColumns columns() {
    return columns;
  }

  public CsvDialect dialect() {
    return dialect;
  }

  /**
   * The character set the file is read in, as far as it has been read: UTF-8 until a non-ASCII
   * character shows otherwise.
   */
  public Charset charset() {
    return text.charset();
  }

  /**
   * A warning when the file is not UTF-8 and was read as Windows-1252, naming the line that showed
   * it; empty otherwise.
   */
  public Optional<ImportWarning> charsetWarning() {
    if (!text.fellBack()) {
      return Optional.empty();
    }
    return Optional.of(
        ImportWarning.newBuilder()
            .setCode(CHARSET_WINDOWS_1252)
            .setMessage(
                "the file is not UTF-8 (first seen on line "
                    + text.decidedOnLine()
                    + "): it was read as Windows-1252, the character set of Excel's \"CSV\" on"
                    + " French systems; check accented names, or save the file as \"CSV UTF-8\"")
            .build());
  }

  /**
   * The next data row, or null at the end of the file.
   *
   * @throws MalformedCsvException when the rest of the file cannot be parsed (e.g. a quote that is
   *     never closed swallows every following line)
   */
  public Row next() {
    if (!hasNext(records, parser)) {
      return null;
    }
    CSVRecord record = records.next();
    List<String> values = record.toList();
    // The parser counts the lines it has consumed: the record ends on that line, and starts as
    // many lines earlier as its quoted values hold line breaks.
    long line = parser.getCurrentLineNumber();
    for (String value : values) {
      line -= value.chars().filter(c -> c == '\n').count();
    }
    return new Row(line, values);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  private static boolean hasNext(Iterator<CSVRecord> records, CSVParser parser) {
    try {
      return records.hasNext();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CSVException malformed) {
        Matcher start = START_LINE.matcher(String.valueOf(malformed.getMessage()));
        long line = start.find() ? Long.parseLong(start.group(1)) : parser.getCurrentLineNumber();
        throw new MalformedCsvException(line, malformed.getMessage());
      }
      if (e.getCause() instanceof CsvCharsetReader.UndecodableTextException undecodable) {
        throw new MalformedCsvException(
            undecodable.line(), UNDECODABLE_TEXT, undecodable.getMessage());
      }
      throw e;
    }
  }
}
