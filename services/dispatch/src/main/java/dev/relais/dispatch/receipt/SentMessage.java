package dev.relais.dispatch.receipt;

import java.util.UUID;

/**
 * What an SMSC message id stands for: one part of a Relais message.
 *
 * @param part 1-based part number
 * @param parts parts of the whole message
 * @param sentAtNanos {@link System#nanoTime()} of its submit_sm_resp in this process, for the
 *     receipt latency; 0 when unknown (read back from Cassandra)
 * @param trace the message's traceparent when it is traced and was sent by this process, else null
 *     (kept in memory only)
 */
public record SentMessage(
    UUID messageId,
    String campaignId,
    String variant,
    int part,
    int parts,
    long sentAtNanos,
    String trace) {

  /** A part sent here, not traced. */
  public SentMessage(
      UUID messageId, String campaignId, String variant, int part, int parts, long sentAtNanos) {
    this(messageId, campaignId, variant, part, parts, sentAtNanos, null);
  }

  /** A part whose submit time is not known here. */
  public SentMessage(UUID messageId, String campaignId, String variant, int part, int parts) {
    this(messageId, campaignId, variant, part, parts, 0, null);
  }
}
