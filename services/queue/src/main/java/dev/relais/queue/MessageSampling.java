package dev.relais.queue;

import dev.relais.common.config.ServiceConfig;
import java.util.UUID;

/**
 * Which messages are traced one by one ({@code telemetry.message.sampling}, default 0.01): decided
 * from the message id alone, so a page expanded again after a crash samples the same messages, and
 * cheaply (a hash and a comparison), since every message on the send path asks.
 */
public final class MessageSampling {

  /** The share of messages traced by default: one in a hundred. */
  public static final double DEFAULT_RATIO = 0.01;

  /** The configuration key of the ratio. */
  public static final String KEY = "telemetry.message.sampling";

  /** No message traced. */
  public static final MessageSampling NONE = new MessageSampling(0.0);

  private final double ratio;

  /** Hashes below it are sampled: ratio times 2^32, over the unsigned 32-bit hash. */
  private final long threshold;

  /**
   * @param ratio share of messages traced, from 0 (none) to 1 (every message)
   * @throws IllegalArgumentException outside that range
   */
  public MessageSampling(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException(
          KEY + " must be between 0 and 1 (a share of messages), got " + ratio);
    }
    this.ratio = ratio;
    this.threshold = (long) Math.ceil(ratio * 0x1p32);
  }

  /** Reads {@value #KEY}. */
  public static MessageSampling from(ServiceConfig config) {
    return new MessageSampling(config.decimal(KEY, DEFAULT_RATIO));
  }

  public double ratio() {
    return ratio;
  }

  /** Whether the message with this id is traced. */
  public boolean sampled(UUID messageId) {
    // The shard hash, rotated so that which messages are sampled does not follow their shard.
    return Integer.toUnsignedLong(Integer.rotateLeft(QueueWriter.mix(messageId), 16)) < threshold;
  }
}
