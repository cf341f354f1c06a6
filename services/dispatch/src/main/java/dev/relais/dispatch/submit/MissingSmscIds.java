package dev.relais.dispatch.submit;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.ReportThrottle;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Counts the messages the SMSC accepted with an empty message_id, and logs them at most once every
 * ten seconds: such a message can never be matched with its receipt, so it gets no final state.
 */
public final class MissingSmscIds {

  private static final Logger LOG = Logger.getLogger(MissingSmscIds.class.getName());

  private final DispatchStats stats;
  private final ReportThrottle throttle;

  /**
   * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
   */
  public MissingSmscIds(DispatchStats stats, LongSupplier nanoTime) {
    this.stats = stats;
    this.throttle = new ReportThrottle(nanoTime);
  }

  /** Message {@code messageId} was accepted, and at least one of its parts got no id. */
  public void accepted(UUID messageId) {
    stats.submittedWithoutSmscId();
    long count = throttle.occurred();
    if (count == 0) {
      return;
    }
    // The Relais message id lets an SRE find the message; never its number or text.
    LOG.warning(
        count
            + " message(s) accepted by the SMSC with an empty message_id since the last report"
            + " (latest: "
            + messageId
            + "): their receipts cannot be matched, so they stay SUBMITTED; GetRouteStats counts"
            + " them in submitted_without_smsc_id");
  }
}
