package dev.relais.contacts.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Assigns each number to one of {@link #COUNT} fixed Cassandra partitions of the contacts table.
 *
 * <p>bucket = floorMod(CRC32(UTF-8 bytes of the E.164 number), 64). CRC32 is specified bit for bit
 * (ISO 3309), so any language can recompute a bucket; the count is part of the stored data layout
 * and cannot change without rewriting the tables. 64 partitions keep each one to a few hundred
 * thousand rows at ten million contacts while letting a scan and an import work on many partitions
 * in parallel.
 */
public final class ContactBuckets {

  /** Number of partitions; fixed by the data already stored. */
  public static final int COUNT = 64;

  private ContactBuckets() {}

  /** The bucket of an E.164 number. */
  public static int of(String e164) {
    CRC32 crc = new CRC32();
    crc.update(e164.getBytes(StandardCharsets.UTF_8));
    return (int) Math.floorMod(crc.getValue(), (long) COUNT);
  }
}
