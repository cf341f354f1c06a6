package dev.relais.dispatch.smpp;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.ReportThrottle;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Counts the deliver_sm that jsmpp refused because a session's receive queue was full, and logs
 * them at most once every ten seconds, so that a burst of refusals is one line, not one per PDU.
 */
public final class ReceiptRefusals implements Runnable {

  private static final Logger LOG = Logger.getLogger(ReceiptRefusals.class.getName());

  private final DispatchStats stats;
  private final int receiveQueue;
  private final ReportThrottle throttle;

  /**
   * @param receiveQueue the sessions' receive queue size, named in the log line
   * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
   */
  public ReceiptRefusals(DispatchStats stats, int receiveQueue, LongSupplier nanoTime) {
    this.stats = stats;
    this.receiveQueue = receiveQueue;
    this.throttle = new ReportThrottle(nanoTime);
  }

  /** One deliver_sm refused. */
  @Override
  public void run() {
    stats.receiptRefused();
    long refused = throttle.occurred();
    if (refused == 0) {
      return;
    }
    // A receipt refused may never come again: its message keeps no final state. Say what to do.
    LOG.warning(
        refused
            + " deliver_sm refused with ESME_RTHROTTLED since the last report: a session's receive"
            + " queue ("
            + receiveQueue
            + " PDUs, smpp.receivequeue) was full. The SMSC may not send those receipts again;"
            + " GetRouteStats counts them in receipts_refused");
  }
}
