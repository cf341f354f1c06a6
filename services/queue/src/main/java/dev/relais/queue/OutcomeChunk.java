package dev.relais.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of one row of {@code outcome_chunks}: a format version, then per message its
 * queue seq and the SMSC's answer.
 */
final class OutcomeChunk {

  private static final byte VERSION = 1;
  private static final byte SUBMITTED = 'S';
  private static final byte FAILED = 'F';

  /** The answer to the message at {@code seq} of the chunk's partition. */
  record Entry(UUID seq, PriorAttempt answer) {
    Entry {
      if (!answer.answered()) {
        throw new IllegalArgumentException("only an SMSC answer is logged, not " + answer.kind());
      }
    }
  }

  private OutcomeChunk() {}

  static ByteBuffer encode(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + entries.size() * 40);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(entries.size());
      for (Entry e : entries) {
        PriorAttempt answer = e.answer();
        out.writeLong(e.seq().getMostSignificantBits());
        out.writeLong(e.seq().getLeastSignificantBits());
        out.writeByte(answer.kind() == PriorAttempt.Kind.SUBMITTED ? SUBMITTED : FAILED);
        out.writeUTF(answer.smscId());
        out.writeInt(answer.parts());
        out.writeInt(answer.errorCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return ByteBuffer.wrap(bytes.toByteArray());
  }

  /** Decodes a chunk; a chunk of an unknown format version gives no entries. */
  static List<Entry> decode(ByteBuffer blob) {
    byte[] bytes = new byte[blob.remaining()];
    blob.duplicate().get(bytes);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != VERSION) {
        return List.of();
      }
      int count = in.readInt();
      List<Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        UUID seq = new UUID(in.readLong(), in.readLong());
        PriorAttempt.Kind kind =
            switch (in.readByte()) {
              case SUBMITTED -> PriorAttempt.Kind.SUBMITTED;
              case FAILED -> PriorAttempt.Kind.FAILED;
              default -> throw new IOException("unknown outcome kind");
            };
        String smscId = in.readUTF();
        int parts = in.readInt();
        int errorCode = in.readInt();
        entries.add(new Entry(seq, new PriorAttempt(kind, smscId, parts, errorCode)));
      }
      return entries;
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt outcome chunk", e);
    }
  }
}
