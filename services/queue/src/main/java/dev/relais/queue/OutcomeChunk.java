package dev.relais.queue;

import dev.relais.common.cassandra.BlobChunk;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of one row of {@code outcome_chunks} ({@link BlobChunk}): per message its queue
 * seq and the SMSC's answer.
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
    return BlobChunk.encode(VERSION, entries, 40, OutcomeChunk::write);
  }

  /** Decodes a chunk; a chunk of an unknown format version gives no entries. */
  static List<Entry> decode(ByteBuffer blob) {
    return BlobChunk.decode(blob, VERSION, "outcome chunk", OutcomeChunk::read);
  }

  private static void write(DataOutput out, Entry entry) throws IOException {
    PriorAttempt answer = entry.answer();
    out.writeLong(entry.seq().getMostSignificantBits());
    out.writeLong(entry.seq().getLeastSignificantBits());
    out.writeByte(answer.kind() == PriorAttempt.Kind.SUBMITTED ? SUBMITTED : FAILED);
    out.writeUTF(answer.smscId());
    out.writeInt(answer.parts());
    out.writeInt(answer.errorCode());
  }

  private static Entry read(DataInput in) throws IOException {
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
    return new Entry(seq, new PriorAttempt(kind, smscId, parts, errorCode));
  }
}
