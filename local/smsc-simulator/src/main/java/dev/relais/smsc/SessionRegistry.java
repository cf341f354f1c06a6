package dev.relais.smsc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound sessions per account: enforces the per-account session quota at bind time and picks the
 * receiver for each deliver_sm (round robin) without locking on the hot path.
 */
final class SessionRegistry {

  private static final SimulatorSession[] NONE = new SimulatorSession[0];

  private final Map<String, Set<SimulatorSession>> bySystemId = new HashMap<>(); // guarded by this
  private final Set<SimulatorSession> active = new LinkedHashSet<>(); // guarded by this
  private int registered; // guarded by this
  private int peak; // guarded by this

  /** Copy-on-write view of the active receivers, rebuilt on every bind change (rare). */
  private volatile Map<String, SimulatorSession[]> receivers = Map.of();

  private volatile SimulatorSession[] allReceivers = NONE;
  private final AtomicInteger cursor = new AtomicInteger();

  /** Takes a quota slot for a session whose bind is about to be accepted. */
  synchronized boolean reserve(SimulatorSession session, String systemId, int maxSessions) {
    Set<SimulatorSession> sessions =
        bySystemId.computeIfAbsent(systemId, k -> new LinkedHashSet<>());
    if (sessions.size() >= maxSessions) {
      return false;
    }
    sessions.add(session);
    registered++;
    peak = Math.max(peak, registered);
    return true;
  }

  /** Makes a session eligible for deliver_sm once its bind_resp is out. */
  synchronized void activate(SimulatorSession session) {
    active.add(session);
    rebuildReceivers();
  }

  /** Forgets a closed session and frees its quota slot; harmless if it never bound. */
  synchronized void remove(SimulatorSession session) {
    String systemId = session.systemId();
    Set<SimulatorSession> sessions = systemId == null ? null : bySystemId.get(systemId);
    if (sessions != null && sessions.remove(session)) {
      registered--;
    }
    if (active.remove(session)) {
      rebuildReceivers();
    }
  }

  /** The next receiver or transceiver of this account, or null if none is bound. */
  SimulatorSession nextReceiver(String systemId) {
    return pick(receivers.getOrDefault(systemId, NONE));
  }

  /** The next receiver or transceiver of any account, or null if none is bound. */
  SimulatorSession nextReceiverOfAnyAccount() {
    return pick(allReceivers);
  }

  synchronized List<SimulatorSession> all() {
    return new ArrayList<>(active);
  }

  synchronized int bound() {
    return registered;
  }

  synchronized int peak() {
    return peak;
  }

  private SimulatorSession pick(SimulatorSession[] candidates) {
    int n = candidates.length;
    // A session can close between the snapshot and the send; try each once before giving up.
    for (int attempt = 0; attempt < n; attempt++) {
      SimulatorSession candidate = candidates[Math.floorMod(cursor.getAndIncrement(), n)];
      if (candidate.canReceive()) {
        return candidate;
      }
    }
    return null;
  }

  private void rebuildReceivers() {
    Map<String, List<SimulatorSession>> grouped = new HashMap<>();
    List<SimulatorSession> everyone = new ArrayList<>();
    for (SimulatorSession session : active) {
      if (session.canReceive()) {
        grouped.computeIfAbsent(session.systemId(), k -> new ArrayList<>()).add(session);
        everyone.add(session);
      }
    }
    Map<String, SimulatorSession[]> rebuilt = new HashMap<>();
    grouped.forEach((systemId, list) -> rebuilt.put(systemId, list.toArray(NONE)));
    receivers = Map.copyOf(rebuilt);
    allReceivers = everyone.toArray(NONE);
  }
}
