package dev.relais.smsc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** Append-only, thread-safe list of accepted submits that tests read as snapshots. */
final class MessageLog {

  private final ReentrantLock lock = new ReentrantLock();
  private ArrayList<StoredSubmit> entries = new ArrayList<>(1024);

  /** Called on PDU threads; the critical section is one array append. */
  void add(StoredSubmit submit) {
    lock.lock();
    try {
      entries.add(submit);
    } finally {
      lock.unlock();
    }
  }

  /** A copy in acceptance order (per session; sessions interleave). */
  List<StoredSubmit> snapshot() {
    lock.lock();
    try {
      return new ArrayList<>(entries);
    } finally {
      lock.unlock();
    }
  }

  /** Matching entries; the scan runs on a copy so that PDU threads are not held up. */
  List<StoredSubmit> matching(Predicate<StoredSubmit> filter) {
    List<StoredSubmit> all = snapshot();
    List<StoredSubmit> matches = new ArrayList<>();
    for (StoredSubmit submit : all) {
      if (filter.test(submit)) {
        matches.add(submit);
      }
    }
    return matches;
  }

  void clear() {
    lock.lock();
    try {
      // A fresh list rather than clear(): lets the old backing array of a big run be collected.
      entries = new ArrayList<>(1024);
    } finally {
      lock.unlock();
    }
  }
}
