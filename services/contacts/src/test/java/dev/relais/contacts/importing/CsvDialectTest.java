package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvDialectTest {

  private static CsvDialect detect(byte[] bytes) {
    return CsvDialect.detect(bytes, bytes.length, true);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void commaSeparatedUtf8() {
    CsvDialect dialect = detect(utf8("phone,first_name,city\n0612345678,Ann,Paris\n"));
    assertThat(dialect).isEqualTo(new CsvDialect(0, ','));
  }

  @Test
  void semicolonSeparatedWithBomAsExcelWritesIt() {
    byte[] body = utf8("téléphone;prénom;ville\n06 12 34 56 78;Zoé;Nîmes\n");
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);

    assertThat(detect(withBom)).isEqualTo(new CsvDialect(3, ';'));
  }

  @Test
  void tabSeparated() {
    assertThat(detect(utf8("phone\tname\tcity\n")).delimiter()).isEqualTo('\t');
  }

  @Test
  void delimiterIsCountedOnTheHeaderLineOnlyAndOutsideQuotes() {
    // The header has two semicolons; the quoted header and the data rows have more commas.
    assertThat(detect(utf8("\"phone, mobile\";name;\"city, town\"\n1,2,3,4,5,6\n")).delimiter())
        .isEqualTo(';');
    assertThat(CsvDialect.delimiterOf("a,b;c,d")).isEqualTo(',');
  }

  @Test
  void singleColumnFileDefaultsToComma() {
    assertThat(detect(utf8("phone\n0612345678\n")).delimiter()).isEqualTo(',');
  }

  @Test
  void windows1252ExportsAreReadAsSuch() {
    byte[] latin = "pr\u00e9nom;t\u00e9l\u00e9phone\n".getBytes(CsvCharsetReader.WINDOWS_1252);
    assertThat(detect(latin)).isEqualTo(new CsvDialect(0, ';'));
  }

  @Test
  void multiByteCharacterCutByTheEndOfThePrefixIsNotAnError() {
    byte[] text = utf8("prénom;phone\nZoé;1\nÉ");
    // Cut inside the two bytes of the final 'É' (the prefix is not the whole file).
    assertThat(CsvDialect.detect(text, text.length - 1, false).delimiter()).isEqualTo(';');
  }

  @Test
  void textNeitherCharsetCanReadInThePrefixRefusesTheWholeFileNamingItsLine() {
    // UTF-8 from the header on, then a Windows-1252 'é' on line 3: no character set reads both.
    byte[] utf8Header = utf8("prénom;phone\nZoé;0612345678\n");
    byte[] latinRow = "Ren\u00e9;0612345679\n".getBytes(CsvCharsetReader.WINDOWS_1252);
    byte[] text = new byte[utf8Header.length + latinRow.length];
    System.arraycopy(utf8Header, 0, text, 0, utf8Header.length);
    System.arraycopy(latinRow, 0, text, utf8Header.length, latinRow.length);
    assertThatThrownBy(() -> detect(text))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("line 3");
  }

  @Test
  void shortFileWithoutLineBreakIsOnlyAHeader() {
    assertThat(detect(utf8("phone;name")).delimiter()).isEqualTo(';');
  }

  @Test
  void binaryContentIsRefused() {
    byte[] zip = {0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00};
    assertThatThrownBy(() -> detect(zip))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("binary");
  }

  @Test
  void controlCharactersAreRefused() {
    byte[] bytes = {'p', 'h', 'o', 'n', 'e', '\n', 0x01, 0x02, 0x1B, '\n'};
    assertThatThrownBy(() -> detect(bytes))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("binary");
  }

  @Test
  void utf16IsRefusedWithAnExplanation() {
    byte[] utf16 = "phone\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[utf16.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, withBom, 2, utf16.length);
    assertThatThrownBy(() -> detect(withBom))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("CSV UTF-8");
  }

  @Test
  void noLineBreakInALongPrefixIsNotCsv() {
    byte[] text = utf8("x".repeat(1000));
    assertThatThrownBy(() -> CsvDialect.detect(text, text.length, false))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("no line break");
  }
}
