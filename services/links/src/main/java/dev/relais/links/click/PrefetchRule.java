package dev.relais.links.click;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells a click made as the message arrived from a person's: phones and messaging apps fetch a link
 * when the message reaches the handset (a preview, a security scan), with an ordinary browser's
 * user agent. A click within the prefetch window of the message's recorded delivery, before or
 * after it, is such a fetch: nobody reads a message and taps its link within seconds of its arrival
 * as reliably as a machine does, and the delivery is recorded when the receipt reaches dispatch, a
 * little after the handset got the message (so a fetch can precede it).
 *
 * <p>A click whose message has no receipt recorded yet waits: the receipt may still come, with a
 * delivery that makes the click a fetch. It waits no longer than the window plus {@link
 * #RECEIPT_GRACE} (a receipt recorded later would put the delivery after the window anyway, give or
 * take how long dispatch takes to report it), then counts by its user agent alone. When the
 * delivery times cannot be read at all (analytics unreachable), a click waits up to {@link
 * #UNREACHABLE_LIMIT}, then counts by its user agent alone: a late count rather than a lost one.
 */
public final class PrefetchRule {

  /** How long dispatch may take to report a receipt to analytics, beyond the window. */
  public static final Duration RECEIPT_GRACE = Duration.ofSeconds(30);

  /** How long a click waits for the delivery times while they cannot be read. */
  public static final Duration UNREACHABLE_LIMIT = Duration.ofMinutes(5);

  /** What becomes of a click that its user agent says is a person's. */
  public enum Verdict {
    /** Fetched as the message arrived: a bot click. */
    PREFETCH,
    /** A person's click. */
    HUMAN,
    /** Not known yet: ask again at the next flush. */
    WAIT
  }

  /** What analytics holds of one message's receipt. */
  public sealed interface Receipt {
    /** Delivered at this instant (as recorded by dispatch). */
    record Delivered(Instant at) implements Receipt {}

    /** Reported undelivered, or the SMSC gave no id to match a receipt with: never delivered. */
    record Final() implements Receipt {}

    /** No receipt recorded yet. */
    record None() implements Receipt {}
  }

  private final Duration window;

  public PrefetchRule(Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("links.prefetchwindow must not be negative: " + window);
    }
    this.window = window;
  }

  /** The window around a delivery; zero turns the rule off. */
  public Duration window() {
    return window;
  }

  /** Whether the rule applies at all (a zero window counts clicks by user agent alone). */
  public boolean enabled() {
    return !window.isZero();
  }

  /**
   * The verdict on a click at {@code clickedAt}, now {@code now}, given its message's receipt, or
   * empty when the receipt could not be read.
   */
  public Verdict judge(Instant clickedAt, Optional<Receipt> receipt, Instant now) {
    if (!enabled()) {
      return Verdict.HUMAN;
    }
    if (receipt.isEmpty()) {
      return now.isBefore(clickedAt.plus(UNREACHABLE_LIMIT)) ? Verdict.WAIT : Verdict.HUMAN;
    }
    return switch (receipt.get()) {
      case Receipt.Delivered delivered -> {
        Duration apart = Duration.between(delivered.at(), clickedAt).abs();
        yield apart.compareTo(window) <= 0 ? Verdict.PREFETCH : Verdict.HUMAN;
      }
      case Receipt.Final ignored -> Verdict.HUMAN;
      case Receipt.None ignored ->
          now.isBefore(clickedAt.plus(window).plus(RECEIPT_GRACE)) ? Verdict.WAIT : Verdict.HUMAN;
    };
  }
}
