package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvContactReaderTest {

  private static final String FRENCH_EXPORT =
      "\uFEFFTéléphone;Prénom;Nom;Ville;Code postal;Étiquettes;Consentement;Date consentement\r\n"
          + "06 12 34 56 78;Zoé;Martin;Nîmes;30000;vip|sud;oui;01/03/2024\r\n"
          + "\r\n"
          + "\"+33 7 81 23 45 67\";\"Jean; dit \"\"JJ\"\"\";Durand;Paris;75001;;non;\r\n"
          + "0033699887766;Ana;\"Multi\nline\";Lyon;69001;;1;2024-03-01T10:00:00Z\r\n"
          + "0612345699;Éloi;Petit;Lille;59000;;0;\r\n";

  private static List<CsvContactReader.Row> readAll(InputStream in) throws IOException {
    List<CsvContactReader.Row> rows = new ArrayList<>();
    try (CsvContactReader reader = CsvContactReader.open(in)) {
      for (CsvContactReader.Row row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAFrenchExcelExportRowByRowWithItsLineNumbers() throws IOException {
    List<CsvContactReader.Row> rows = readAll(bytes(FRENCH_EXPORT));

    assertThat(rows).extracting(CsvContactReader.Row::line).containsExactly(2L, 4L, 5L, 7L);
    assertThat(rows.get(0).values())
        .containsExactly(
            "06 12 34 56 78", "Zoé", "Martin", "Nîmes", "30000", "vip|sud", "oui", "01/03/2024");
    assertThat(rows.get(1).values().get(1)).isEqualTo("Jean; dit \"JJ\"");
    assertThat(rows.get(2).values().get(2)).isEqualTo("Multi\nline");
  }

  @Test
  void headerDecidesTheColumns() throws IOException {
    try (CsvContactReader reader = CsvContactReader.open(bytes(FRENCH_EXPORT))) {
      RowOutcome<CsvColumns.Mapped> first = reader.columns().toRecord(reader.next().values());
      ContactRecord record = ((RowOutcome.Accepted<CsvColumns.Mapped>) first).value().record();
      assertThat(record.getPhone()).isEqualTo("06 12 34 56 78");
      assertThat(record.getFirstName()).isEqualTo("Zoé");
      assertThat(record.getTagsList()).containsExactly("vip", "sud");
      assertThat(record.getMarketingConsent()).isTrue();
      assertThat(reader.dialect().delimiter()).isEqualTo(';');
      assertThat(reader.dialect().bomLength()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "chunks of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 5, 7, 64, 100_000})
  void chunksMayCutLinesAndCharactersAnywhere(int chunkSize) throws Exception {
    byte[] file = FRENCH_EXPORT.getBytes(StandardCharsets.UTF_8);
    ImportFeed feed = new ImportFeed();
    List<ByteString> chunks = new ArrayList<>();
    for (int i = 0; i < file.length; i += chunkSize) {
      chunks.add(
          ByteString.copyFrom(Arrays.copyOfRange(file, i, Math.min(file.length, i + chunkSize))));
    }
    Thread producer =
        Thread.ofVirtual()
            .start(() -> {
              chunks.stream()
                  .skip(1)
                  .forEach(
                      c -> feed.offer(ImportContactsRequest.newBuilder().setCsvChunk(c).build()));
              feed.end();
            });

    List<CsvContactReader.Row> rows = readAll(feed.csvStream(chunks.get(0)));
    producer.join();

    assertThat(rows).isEqualTo(readAll(bytes(FRENCH_EXPORT)));
  }

  @Test
  void aRecordAmongCsvChunksIsAnError() throws Exception {
    ImportFeed feed = new ImportFeed();
    feed.offer(
        ImportContactsRequest.newBuilder()
            .setRecord(ContactRecord.newBuilder().setPhone("0612345678"))
            .build());
    feed.end();
    InputStream in = feed.csvStream(ByteString.copyFromUtf8("phone\n0612345678\n"));
    // Thrown as is while the header is sniffed, wrapped by commons-csv later in the file.
    assertThatThrownBy(() -> readAll(in))
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(ImportFeed.UnexpectedMessageException.class),
            e ->
                assertThat(e)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(ImportFeed.UnexpectedMessageException.class));
  }

  @Test
  void unclosedQuoteStopsTheFileAtTheLineWhereItOpens() throws IOException {
    String text = "phone;name\n0612345678;Ann\n0612345679;\"Bob\n0612345680;Carl\n";
    try (CsvContactReader reader = CsvContactReader.open(bytes(text))) {
      assertThat(reader.next().line()).isEqualTo(2);
      assertThatThrownBy(reader::next)
          .isInstanceOfSatisfying(
              MalformedCsvException.class, e -> assertThat(e.line()).isEqualTo(3));
    }
  }

  @Test
  void windows1252WhoseFirstAccentComesAfter64KiBIsReadWholeAsWindows1252() throws IOException {
    StringBuilder text = new StringBuilder("Nom;Prenom;Portable\r\n");
    int row = 0;
    while (text.length() < 70 * 1024) {
      text.append(String.format("Martin;Paul;06%08d\r\n", row++));
    }
    text.append("Lef\u00e8vre;Fran\u00e7ois;0699999999\r\n");
    byte[] bytes = text.toString().getBytes(CsvCharsetReader.WINDOWS_1252);
    long accentLine = row + 2;
    try (CsvContactReader reader = CsvContactReader.open(new ByteArrayInputStream(bytes))) {
      CsvContactReader.Row last = null;
      for (CsvContactReader.Row r = reader.next(); r != null; r = reader.next()) {
        last = r;
      }
      assertThat(last.values()).containsExactly("Lefèvre", "François", "0699999999");
      assertThat(reader.charset()).isEqualTo(CsvCharsetReader.WINDOWS_1252);
      assertThat(reader.charsetWarning())
          .hasValueSatisfying(w -> assertThat(w.getMessage()).contains("line " + accentLine));
    }
  }

  @Test
  void utf8WithBomAndCrlfIsReadWithoutBomOrCarriageReturns() throws IOException {
    List<CsvContactReader.Row> rows = readAll(bytes("\uFEFFPortable;Prénom\r\n0612345678;Zoé\r\n"));
    assertThat(rows.get(0).values()).containsExactly("0612345678", "Zoé");
    try (CsvContactReader reader =
        CsvContactReader.open(bytes("\uFEFFPortable;Prénom\r\n0612345678;Zoé\r\n"))) {
      assertThat(reader.columns().mapping().get(0).getHeader()).isEqualTo("Portable");
      assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
      assertThat(reader.charsetWarning()).isEmpty();
    }
  }

  @Test
  void bytesNeitherCharsetReadsAfterTheFirst64KiBStopTheFileAtTheirLine() throws IOException {
    StringBuilder text = new StringBuilder("Nom;Portable\nZoé;0600000000\n");
    int row = 0;
    while (text.length() < 70 * 1024) {
      text.append(String.format("Martin;06%08d\n", row++));
    }
    byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] latin = "Ren\u00e9;0699999999\n".getBytes(CsvCharsetReader.WINDOWS_1252);
    byte[] file = Arrays.copyOf(head, head.length + latin.length);
    System.arraycopy(latin, 0, file, head.length, latin.length);
    long badLine = row + 3;
    try (CsvContactReader reader = CsvContactReader.open(new ByteArrayInputStream(file))) {
      List<String> names = new ArrayList<>();
      assertThatThrownBy(
              () -> {
                for (CsvContactReader.Row r = reader.next(); r != null; r = reader.next()) {
                  names.add(r.values().get(0));
                }
              })
          .isInstanceOfSatisfying(
              MalformedCsvException.class,
              e -> {
                assertThat(e.line()).isEqualTo(badLine);
                assertThat(e.reason()).isEqualTo(CsvContactReader.UNDECODABLE_TEXT);
              });
      assertThat(names)
          .hasSize(row + 1)
          .doesNotContain("Ren\uFFFD")
          .allMatch(n -> !n.contains("\uFFFD"));
    }
  }

  @Test
  void textAfterAClosingQuoteIsKept() throws IOException {
    List<CsvContactReader.Row> rows = readAll(bytes("phone;name\n0612345678;\"Dupont\" Jr\n"));
    assertThat(rows.get(0).values()).containsExactly("0612345678", "Dupont Jr");
  }

  @Test
  void headerOnlyFileHasNoRows() throws IOException {
    assertThat(readAll(bytes("phone,name\n"))).isEmpty();
    assertThat(readAll(bytes("phone,name"))).isEmpty();
  }

  @Test
  void notACsvIsRefusedAtOpening() {
    assertThatThrownBy(() -> CsvContactReader.open(bytes("")))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> CsvContactReader.open(bytes("name,email\nAnn,ann@example.org\n")))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("no phone column");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    assertThatThrownBy(() -> CsvContactReader.open(new ByteArrayInputStream(png)))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("binary");
  }

  @Test
  void largeFilesAreReadWithoutHoldingThem() throws IOException {
    // An endless generator: reading 200,000 rows works because nothing accumulates.
    InputStream endless =
        new InputStream() {
          private byte[] current = "phone,n\n".getBytes(StandardCharsets.US_ASCII);
          private int position;
          private long produced;

          @Override
          public int read() {
            if (position == current.length) {
              current =
                  String.format("06%08d,%d\n", produced % 100_000_000, produced++)
                      .getBytes(StandardCharsets.US_ASCII);
              position = 0;
            }
            return current[position++];
          }
        };
    try (CsvContactReader reader = CsvContactReader.open(endless)) {
      CsvContactReader.Row row = null;
      for (int i = 0; i < 200_000; i++) {
        row = reader.next();
      }
      assertThat(row.line()).isEqualTo(200_001);
      assertThat(row.values().get(1)).isEqualTo("199999");
    }
  }
}
