package dev.relais.smsc;

import java.util.concurrent.atomic.LongAdder;

/** The simulator's event counters; LongAdders because PDU threads of all sessions bump them. */
final class SimulatorCounters {
  final LongAdder binds = new LongAdder();
  final LongAdder bindsRejected = new LongAdder();
  final LongAdder unbinds = new LongAdder();
  final LongAdder enquireLinks = new LongAdder();
  final LongAdder submitsReceived = new LongAdder();
  final LongAdder submitsAccepted = new LongAdder();
  final LongAdder submitsRejected = new LongAdder();
  final LongAdder dlrsScheduled = new LongAdder();
  final LongAdder dlrsSent = new LongAdder();
  final LongAdder dlrsAcknowledged = new LongAdder();
  final LongAdder dlrsFailed = new LongAdder();
  final LongAdder mosSent = new LongAdder();
  final LongAdder malformedPdusSent = new LongAdder();

  /** Zeroes the message counters; bind and session counters describe connections and stay. */
  void clearMessageCounters() {
    submitsReceived.reset();
    submitsAccepted.reset();
    submitsRejected.reset();
    dlrsScheduled.reset();
    dlrsSent.reset();
    dlrsAcknowledged.reset();
    dlrsFailed.reset();
    mosSent.reset();
  }

  SimulatorStats snapshot(int boundSessions, int peakBoundSessions) {
    return new SimulatorStats(
        binds.sum(),
        bindsRejected.sum(),
        unbinds.sum(),
        enquireLinks.sum(),
        submitsReceived.sum(),
        submitsAccepted.sum(),
        submitsRejected.sum(),
        dlrsScheduled.sum(),
        dlrsSent.sum(),
        dlrsAcknowledged.sum(),
        dlrsFailed.sum(),
        mosSent.sum(),
        boundSessions,
        peakBoundSessions,
        malformedPdusSent.sum());
  }
}
