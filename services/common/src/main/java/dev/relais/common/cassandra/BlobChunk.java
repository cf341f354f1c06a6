package dev.relais.common.cassandra;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a chunk row: many entries packed into one blob cell instead of one row each. A
 * format version comes first, then the number of entries, then each entry as its codec writes it. A
 * reader skips a chunk of a version it does not know (written by a newer release) rather than
 * misreading it.
 */
public final class BlobChunk {

  /** Writes one entry. */
  @FunctionalInterface
  public interface EntryWriter<E> {
    void write(DataOutput out, E entry) throws IOException;
  }

  /** Reads one entry back. */
  @FunctionalInterface
  public interface EntryReader<E> {
    E read(DataInput in) throws IOException;
  }

  private BlobChunk() {}

  /**
   * @param sizeHint expected bytes per entry, to size the buffer once
   */
  public static <E> ByteBuffer encode(
      byte version, List<E> entries, int sizeHint, EntryWriter<? super E> writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + entries.size() * sizeHint);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(version);
      out.writeInt(entries.size());
      for (E entry : entries) {
        writer.write(out, entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return ByteBuffer.wrap(bytes.toByteArray());
  }

  /**
   * Decodes a chunk of {@code version}; a chunk of another version gives no entries.
   *
   * @param what names the chunk in the error of a corrupt one
   * @throws IllegalArgumentException if the chunk is truncated or an entry cannot be read
   */
  public static <E> List<E> decode(
      ByteBuffer blob, byte version, String what, EntryReader<? extends E> reader) {
    byte[] bytes = new byte[blob.remaining()];
    blob.duplicate().get(bytes);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != version) {
        return List.of();
      }
      int count = in.readInt();
      List<E> entries = new ArrayList<>(Math.min(count, 10_000));
      for (int i = 0; i < count; i++) {
        entries.add(reader.read(in));
      }
      return entries;
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt " + what, e);
    }
  }
}
