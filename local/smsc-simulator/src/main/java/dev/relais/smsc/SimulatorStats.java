package dev.relais.smsc;

/**
 * A snapshot of the simulator's counters since start (or since {@link SmscSimulator#clear()} for
 * the message counters).
 *
 * @param binds binds accepted
 * @param bindsRejected binds refused (credentials, session quota)
 * @param unbinds unbind requests from ESMEs
 * @param enquireLinks enquire_link PDUs received
 * @param submitsReceived submit_sm PDUs received, whatever the answer
 * @param submitsAccepted submit_sm answered with a message id (or accepted with a lost answer)
 * @param submitsRejected submit_sm answered with an error status by the submit policy
 * @param dlrsScheduled delivery receipts planned (requested or forced)
 * @param dlrsSent deliver_sm receipts written, retries included
 * @param dlrsAcknowledged receipts answered with deliver_sm_resp status 0
 * @param dlrsFailed receipts given up after retries, or at once when refused and not resent
 * @param mosSent mobile-originated deliver_sm answered with deliver_sm_resp status 0
 * @param boundSessions sessions bound now
 * @param peakBoundSessions most sessions bound at the same time
 * @param malformedPdusSent malformed PDUs written as injected faults
 */
public record SimulatorStats(
    long binds,
    long bindsRejected,
    long unbinds,
    long enquireLinks,
    long submitsReceived,
    long submitsAccepted,
    long submitsRejected,
    long dlrsScheduled,
    long dlrsSent,
    long dlrsAcknowledged,
    long dlrsFailed,
    long mosSent,
    int boundSessions,
    int peakBoundSessions,
    long malformedPdusSent) {

  /** Receipts planned but neither acknowledged nor given up yet. */
  public long dlrsOutstanding() {
    return dlrsScheduled - dlrsAcknowledged - dlrsFailed;
  }
}
