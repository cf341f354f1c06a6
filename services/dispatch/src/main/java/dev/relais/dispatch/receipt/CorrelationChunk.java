package dev.relais.dispatch.receipt;

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
 * The binary form of one row of {@code smsc_id_chunks}: a format version, then per id its canonical
 * form and the message part it stands for. Campaign ids and variants repeat within a chunk and are
 * written as given (the row is compressed by Cassandra).
 */
final class CorrelationChunk {

  private static final byte VERSION = 1;

  /** One correlated id. */
  record Entry(String key, SentMessage sent) {}

  private CorrelationChunk() {}

  static ByteBuffer encode(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + entries.size() * 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(entries.size());
      for (Entry e : entries) {
        SentMessage s = e.sent();
        out.writeUTF(e.key());
        out.writeLong(s.messageId().getMostSignificantBits());
        out.writeLong(s.messageId().getLeastSignificantBits());
        out.writeUTF(s.campaignId() == null ? "" : s.campaignId());
        out.writeUTF(s.variant() == null ? "" : s.variant());
        out.writeShort(s.part());
        out.writeShort(s.parts());
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
        String key = in.readUTF();
        UUID messageId = new UUID(in.readLong(), in.readLong());
        String campaign = in.readUTF();
        String variant = in.readUTF();
        int part = in.readShort();
        int parts = in.readShort();
        entries.add(new Entry(key, new SentMessage(messageId, campaign, variant, part, parts)));
      }
      return entries;
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt SMSC id chunk", e);
    }
  }
}
