package dev.relais.dispatch.receipt;

import dev.relais.common.cassandra.BlobChunk;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of one row of {@code smsc_id_chunks} ({@link BlobChunk}): per id its canonical
 * form and the message part it stands for. Campaign ids and variants repeat within a chunk and are
 * written as given (the row is compressed by Cassandra).
 */
final class CorrelationChunk {

  private static final byte VERSION = 1;

  /** One correlated id. */
  record Entry(String key, SentMessage sent) {}

  private CorrelationChunk() {}

  static ByteBuffer encode(List<Entry> entries) {
    return BlobChunk.encode(VERSION, entries, 64, CorrelationChunk::write);
  }

  /** Decodes a chunk; a chunk of an unknown format version gives no entries. */
  static List<Entry> decode(ByteBuffer blob) {
    return BlobChunk.decode(blob, VERSION, "SMSC id chunk", CorrelationChunk::read);
  }

  private static void write(DataOutput out, Entry entry) throws IOException {
    SentMessage s = entry.sent();
    out.writeUTF(entry.key());
    out.writeLong(s.messageId().getMostSignificantBits());
    out.writeLong(s.messageId().getLeastSignificantBits());
    out.writeUTF(s.campaignId() == null ? "" : s.campaignId());
    out.writeUTF(s.variant() == null ? "" : s.variant());
    out.writeShort(s.part());
    out.writeShort(s.parts());
  }

  private static Entry read(DataInput in) throws IOException {
    String key = in.readUTF();
    UUID messageId = new UUID(in.readLong(), in.readLong());
    String campaign = in.readUTF();
    String variant = in.readUTF();
    int part = in.readShort();
    int parts = in.readShort();
    return new Entry(key, new SentMessage(messageId, campaign, variant, part, parts));
  }
}
