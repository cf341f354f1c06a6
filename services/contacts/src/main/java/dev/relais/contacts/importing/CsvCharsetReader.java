package dev.relais.contacts.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a contacts file as UTF-8 or as Windows-1252, streaming, deciding which at the file's
 * first non-ASCII character wherever it is.
 *
 * <p>Both character sets read ASCII the same way, so nothing read before that character can have
 * been decoded wrongly: a Windows-1252 export whose first accent comes after megabytes of ASCII is
 * still read whole as Windows-1252. The first non-ASCII bytes decide: a valid UTF-8 sequence means
 * UTF-8, anything else Windows-1252 (Excel's "CSV" on French systems). A file starting with a UTF-8
 * byte-order mark is UTF-8 from the start. Nothing is ever replaced: bytes that the chosen
 * character set cannot decode (invalid UTF-8 after UTF-8 was chosen, or one of the five bytes
 * Windows-1252 leaves undefined) stop the reading with an {@link UndecodableTextException} naming
 * their line, so no U+FFFD reaches the store.
 */
final class CsvCharsetReader extends Reader {

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final int BUFFER = 8192;

  private final InputStream in;
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).limit(0);
  private final CharBuffer chars = CharBuffer.allocate(BUFFER).limit(0);
  private CharsetDecoder decoder;
  private boolean endOfInput;
  private boolean flushed;
  private long line = 1;
  private long decidedOnLine;

  /**
   * @param utf8Bom whether the file started with a UTF-8 byte-order mark (already skipped)
   */
  CsvCharsetReader(InputStream in, boolean utf8Bom) {
    this.in = in;
    if (utf8Bom) {
      decide(StandardCharsets.UTF_8);
      decidedOnLine = 1;
    }
  }

  /** A line with bytes neither character set could read; the reading stops there. */
  static final class UndecodableTextException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long line;

    UndecodableTextException(long line, Charset charset) {
      super(
          "line "
              + line
              + " is not "
              + charset.name()
              + " text like the lines before it"
              + (charset == WINDOWS_1252
                  ? " (it holds a byte Windows-1252 leaves undefined)"
                  : " (the file mixes character sets)")
              + ": save the file as \"CSV UTF-8\" and import it again");
      this.line = line;
    }

    long line() {
      return line;
    }
  }

  /**
   * The character set chosen so far: UTF-8 until a non-ASCII character decides otherwise (a file of
   * pure ASCII is UTF-8 too).
   */
  Charset charset() {
    return decoder == null ? StandardCharsets.UTF_8 : decoder.charset();
  }

  /** Whether the file turned out not to be UTF-8 and was read as Windows-1252. */
  boolean fellBack() {
    return decoder != null && decoder.charset() == WINDOWS_1252;
  }

  /** The line whose first non-ASCII character decided the character set, 0 when none did. */
  long decidedOnLine() {
    return decidedOnLine;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!decodeMore()) {
        return -1;
      }
    }
    int n = Math.min(length, chars.remaining());
    chars.get(target, offset, n);
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Refills {@link #chars}; false at the end of the input. */
  private boolean decodeMore() throws IOException {
    chars.clear();
    try {
      while (chars.position() == 0) {
        if (flushed) {
          return false;
        }
        if (decoder == null) {
          if (!bytes.hasRemaining()) {
            compactAndFill();
            if (!bytes.hasRemaining()) {
              return false; // the end of a file that is ASCII throughout
            }
          }
          copyAscii();
          if (chars.position() == 0) {
            decideAtNonAscii();
          }
          continue;
        }
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isError()) {
          if (chars.position() > 0) {
            return true; // the text before the bad bytes first; the error comes next call
          }
          check(result);
        }
        if (chars.position() == 0 && result.isUnderflow()) {
          if (endOfInput) {
            check(decoder.flush(chars));
            flushed = true;
          } else {
            compactAndFill();
          }
        }
      }
      return true;
    } finally {
      chars.flip();
      countLines();
    }
  }

  /** Copies the ASCII bytes at the read position as they are, up to the first other byte. */
  private void copyAscii() {
    while (bytes.hasRemaining() && chars.hasRemaining()) {
      byte b = bytes.get(bytes.position());
      if (b < 0) {
        return;
      }
      bytes.get();
      chars.put((char) b);
    }
  }

  /** The first non-ASCII byte is at the read position: its sequence decides the character set. */
  private void decideAtNonAscii() throws IOException {
    while (bytes.remaining() < 4 && !endOfInput) {
      compactAndFill();
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer sequence = bytes.duplicate();
    sequence.limit(Math.min(sequence.limit(), sequence.position() + 4));
    utf8.decode(sequence, CharBuffer.allocate(2), true);
    // Only the first character counts: the decoder moves past it when it is valid UTF-8, whatever
    // follows (what follows is checked when it is read, in the character set chosen here).
    boolean validUtf8 = sequence.position() > bytes.position();
    decide(validUtf8 ? StandardCharsets.UTF_8 : WINDOWS_1252);
    decidedOnLine = line;
  }

  private void decide(Charset charset) {
    decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private void check(CoderResult result) throws UndecodableTextException {
    if (result.isError()) {
      long at = line;
      for (int i = 0; i < chars.position(); i++) {
        if (chars.get(i) == '\n') {
          at++;
        }
      }
      throw new UndecodableTextException(at, decoder.charset());
    }
  }

  private void compactAndFill() throws IOException {
    if (endOfInput) {
      return;
    }
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  private void countLines() {
    for (int i = chars.position(); i < chars.limit(); i++) {
      if (chars.get(i) == '\n') {
        line++;
      }
    }
  }
}
