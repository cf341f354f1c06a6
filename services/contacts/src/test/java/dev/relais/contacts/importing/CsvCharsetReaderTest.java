package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCharsetReaderTest {

  private static String read(CsvCharsetReader reader) throws IOException {
    StringWriter text = new StringWriter();
    reader.transferTo(text);
    return text.toString();
  }

  /** Hands out at most {@code size} bytes per read, as gRPC chunks may. */
  private static InputStream trickle(byte[] bytes, int size) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, size));
      }
    };
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @ParameterizedTest(name = "reads of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 8192})
  void windows1252IsDecidedAtTheFirstAccentWhereverItIs(int size) throws IOException {
    String text = "Nom\r\n" + "Martin\r\n".repeat(20_000) + "Lefèvre Œdipe €\r\n";
    CsvCharsetReader reader =
        new CsvCharsetReader(trickle(text.getBytes(CsvCharsetReader.WINDOWS_1252), size), false);
    assertThat(read(reader)).isEqualTo(text);
    assertThat(reader.fellBack()).isTrue();
    assertThat(reader.decidedOnLine()).isEqualTo(20_002);
  }

  @ParameterizedTest(name = "reads of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 8192})
  void utf8IsDecidedAtTheFirstAccentToo(int size) throws IOException {
    String text = "Nom\n" + "Martin\n".repeat(20_000) + "Zoé 😀 Œ\n";
    CsvCharsetReader reader =
        new CsvCharsetReader(trickle(text.getBytes(StandardCharsets.UTF_8), size), false);
    assertThat(read(reader)).isEqualTo(text);
    assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(reader.fellBack()).isFalse();
  }

  @Test
  void asciiOnlyIsUtf8() throws IOException {
    CsvCharsetReader reader =
        new CsvCharsetReader(new ByteArrayInputStream("phone\n0612345678\n".getBytes()), false);
    assertThat(read(reader)).isEqualTo("phone\n0612345678\n");
    assertThat(reader.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(reader.decidedOnLine()).isZero();
  }

  @Test
  void aValidUtf8CharacterFollowedByAWindows1252OneIsAnErrorNotMojibake() {
    byte[] bytes =
        concat(
            "a\nZoé".getBytes(StandardCharsets.UTF_8),
            "è\n".getBytes(CsvCharsetReader.WINDOWS_1252));
    CsvCharsetReader reader = new CsvCharsetReader(new ByteArrayInputStream(bytes), false);
    assertThatThrownBy(() -> read(reader))
        .isInstanceOfSatisfying(
            CsvCharsetReader.UndecodableTextException.class,
            e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void aByteWindows1252LeavesUndefinedIsAnErrorNamingItsLine() {
    byte[] bytes = {'a', '\n', (byte) 0xE9, '\n', 'b', (byte) 0x81, '\n'};
    CsvCharsetReader reader = new CsvCharsetReader(new ByteArrayInputStream(bytes), false);
    assertThatThrownBy(() -> read(reader))
        .isInstanceOfSatisfying(
            CsvCharsetReader.UndecodableTextException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).contains("line 3", "CSV UTF-8");
            });
  }

  @Test
  void aUtf8SequenceCutByTheEndOfTheFileIsAnError() {
    byte[] bytes = {'a', '\n', 'Z', 'o', (byte) 0xC3, (byte) 0xA9, '\n', (byte) 0xC3};
    CsvCharsetReader reader = new CsvCharsetReader(new ByteArrayInputStream(bytes), false);
    assertThatThrownBy(() -> read(reader))
        .isInstanceOfSatisfying(
            CsvCharsetReader.UndecodableTextException.class,
            e -> assertThat(e.line()).isEqualTo(3));
  }
}
