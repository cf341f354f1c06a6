package dev.relais.contacts.importing;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.relais.contacts.ContactsMetrics;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.contacts.store.ContactsTable;
import dev.relais.contacts.store.ErasedSuppressions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores the validated rows of one import asynchronously, grouped by Cassandra partition.
 *
 * <p>Rows are buffered per bucket; a full buffer becomes a group: one read of the group's numbers
 * (new or already stored?), then one unlogged batch per partition with the merged contacts, their
 * consent events and opt-outs. Groups of the same bucket run one after the other, so a number
 * repeated later in the file is read after its first occurrence was stored and counts as an update;
 * groups of different buckets run in parallel, at most {@code maxInFlight} at a time, which bounds
 * both memory and the load put on Cassandra.
 */
final class ImportWriter {

  /** Cassandra warns above 5 KiB per batch and refuses 50 KiB: stay well under the refusal. */
  private static final int MAX_BATCH_BYTES = 24 * 1024;

  private final CqlSession session;
  private final ContactsTable contacts;
  private final ComplianceLog log;
  private final ErasedSuppressions suppressions;
  private final ImportTally tally;
  private final ImportSettings settings;
  private final String wordingId;
  private final int groupSize;
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final List<List<ContactDraft>> buffers = new ArrayList<>();
  private final List<CompletableFuture<Void>> tails = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ContactsMetrics metrics;

  ImportWriter(
      CqlSession session,
      ContactsTable contacts,
      ComplianceLog log,
      ErasedSuppressions suppressions,
      ImportTally tally,
      ImportSettings settings,
      String wordingId,
      int groupSize,
      int maxInFlight,
      ContactsMetrics metrics) {
    this.metrics = metrics;
    this.session = session;
    this.contacts = contacts;
    this.log = log;
    this.suppressions = suppressions;
    this.tally = tally;
    this.settings = settings;
    this.wordingId = wordingId;
    this.groupSize = groupSize;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    for (int b = 0; b < ContactBuckets.COUNT; b++) {
      buffers.add(new ArrayList<>(groupSize));
      tails.add(CompletableFuture.completedFuture(null));
    }
  }

  /** Queues a row; blocks while {@code maxInFlight} groups are being written. */
  void add(ContactDraft draft) throws InterruptedException {
    throwIfFailed();
    int bucket = ContactBuckets.of(draft.phone());
    List<ContactDraft> buffer = buffers.get(bucket);
    buffer.add(draft);
    if (buffer.size() >= groupSize) {
      flush(bucket);
    }
  }

  /** Writes what is buffered and returns once every write is acknowledged. */
  void finish() throws InterruptedException {
    for (int b = 0; b < ContactBuckets.COUNT; b++) {
      if (!buffers.get(b).isEmpty()) {
        throwIfFailed();
        flush(b);
      }
    }
    awaitInFlight();
    throwIfFailed();
  }

  /** Waits for the writes already started, dropping what is still buffered. */
  void awaitInFlight() throws InterruptedException {
    inFlight.acquire(maxInFlight);
    inFlight.release(maxInFlight);
  }

  private void flush(int bucket) throws InterruptedException {
    List<ContactDraft> group = buffers.get(bucket);
    buffers.set(bucket, new ArrayList<>(groupSize));
    inFlight.acquire();
    CompletableFuture<Void> tail =
        tails
            .get(bucket)
            .thenCompose(previous -> writeGroup(bucket, group))
            .whenComplete((done, error) -> {
              if (error != null) {
                failure.compareAndSet(null, unwrap(error));
              }
              inFlight.release();
            });
    tails.set(bucket, tail);
  }

  private CompletableFuture<Void> writeGroup(int bucket, List<ContactDraft> group) {
    Map<String, ContactDraft> merged = new LinkedHashMap<>();
    for (ContactDraft draft : group) {
      merged.merge(draft.phone(), draft, ContactDraft::mergedWith);
    }
    List<String> phones = List.copyOf(merged.keySet());
    // Both reads target the group's partition and run together.
    CompletableFuture<Map<String, ContactsTable.Stored>> stored =
        contacts.existing(bucket, phones).toCompletableFuture();
    CompletableFuture<Set<String>> suppressed =
        suppressions.suppressed(bucket, phones).toCompletableFuture();
    return stored
        .thenCombine(suppressed, (s, e) -> store(merged.values(), s, e))
        .thenCompose(written -> written);
  }

  /**
   * @param suppressed numbers erased after an opt-out: they come back opted out, whatever the row
   */
  private CompletableFuture<Void> store(
      Iterable<ContactDraft> drafts,
      Map<String, ContactsTable.Stored> stored,
      Set<String> suppressed) {
    Instant now = log.now();
    long fresh = 0;
    long updated = 0;
    List<Statement<?>> writes = new ArrayList<>();
    List<BatchableStatement<?>> batch = new ArrayList<>();
    List<String> optedOut = new ArrayList<>();
    long resuppressions = 0;
    int batchBytes = 0;
    for (ContactDraft draft : drafts) {
      ContactsTable.Stored before = stored.get(draft.phone());
      if (before == null) {
        fresh++;
        updated += draft.rows() - 1;
      } else {
        updated += draft.rows();
      }
      boolean resuppressed = before == null && suppressed.contains(draft.phone());
      boolean newOptOut =
          (draft.optedOut() || resuppressed) && (before == null || before.optedOutAt() == null);
      ConsentChange consent = ConsentChange.of(draft, before, now, settings.consentSource());
      Instant interaction = draft.lastInteractionAt();
      if (interaction != null
          && before != null
          && before.lastInteractionAt() != null
          && !interaction.isAfter(before.lastInteractionAt())) {
        interaction = null; // the stored one is later: an import never moves it back
      }
      List<BatchableStatement<?>> statements = new ArrayList<>(3);
      statements.add(
          contacts.merge(
              draft,
              settings.list(),
              consent,
              newOptOut ? now : null,
              interaction,
              pendingSince(draft, before, now),
              now));
      if (consent != null && consent.granted()) {
        statements.add(
            log.consentGranted(draft.phone(), consent.at(), consent.source(), wordingId, now));
      } else if (consent != null) {
        statements.add(log.consentWithdrawn(draft.phone(), consent.at(), consent.source(), now));
      }
      if (newOptOut) {
        statements.add(log.optOut(draft.phone(), now, resuppressed ? "SUPPRESSION" : "IMPORT"));
        // Another partition (the day's feed): written on its own, not in the per-bucket batch.
        writes.add(log.optOutFeedEntry(draft.phone()));
        optedOut.add(draft.phone());
        if (resuppressed) {
          resuppressions++;
        }
      }
      int bytes = estimatedBytes(draft);
      if (!batch.isEmpty() && batchBytes + bytes > MAX_BATCH_BYTES) {
        writes.add(asBatch(batch));
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      if (bytes > MAX_BATCH_BYTES) {
        writes.addAll(statements); // a huge row goes alone, outside any batch
      } else {
        batch.addAll(statements);
        batchBytes += bytes;
      }
    }
    if (!batch.isEmpty()) {
      writes.add(asBatch(batch));
    }
    long newContacts = fresh;
    long merges = updated;
    long imported = optedOut.size() - resuppressions;
    long resuppressed = resuppressions;
    // The chunk's opt-outs go to the dispatchers' log first (one entry), then everything else.
    CompletableFuture<?> logged =
        optedOut.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : log.optOutLogEntry(optedOut).toCompletableFuture();
    return logged
        .thenCompose(ignored ->
            CompletableFuture.allOf(
                writes.stream()
                    .map(w -> session.executeAsync(w).toCompletableFuture())
                    .toArray(CompletableFuture[]::new)))
        .thenRun(() -> {
          tally.stored(newContacts, merges);
          metrics.optedOut("IMPORT", imported);
          metrics.optedOut("SUPPRESSION", resuppressed);
        });
  }

  /**
   * When a double opt-in of this row starts: now for a row asking for one, unless the contact
   * already consents (the stronger state stays) or already awaits its confirmation (the first
   * request's date stays); else null.
   */
  private static Instant pendingSince(
      ContactDraft draft, ContactsTable.Stored before, Instant now) {
    if (!draft.consentPending()) {
      return null;
    }
    if (before != null && (before.marketingConsent() || before.consentPendingAt() != null)) {
      return null;
    }
    return now;
  }

  private static Statement<?> asBatch(List<BatchableStatement<?>> statements) {
    if (statements.size() == 1) {
      return statements.get(0);
    }
    // Unlogged: every statement targets the same partition key, so Cassandra applies the batch as
    // one mutation per table without the batch log's extra writes.
    return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, statements)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
  }

  /** A generous estimate of what a row weighs in a batch. */
  private int estimatedBytes(ContactDraft draft) {
    int bytes = 160 + draft.phone().length() * 3 + settings.list().length();
    bytes += length(draft.firstName()) + length(draft.lastName());
    bytes += length(draft.city()) + length(draft.postalCode());
    for (String tag : draft.tags()) {
      bytes += tag.length() + 8;
    }
    for (Map.Entry<String, String> attribute : draft.attributes().entrySet()) {
      bytes += attribute.getKey().length() + attribute.getValue().length() + 16;
    }
    // Names and cities are mostly Latin: two UTF-8 bytes per char is a safe upper bound there, and
    // the batch limit keeps a factor two of margin below Cassandra's refusal for other scripts.
    return bytes * 2;
  }

  private static int length(String value) {
    return value == null ? 0 : value.length();
  }

  private void throwIfFailed() {
    Throwable error = failure.get();
    if (error != null) {
      throw new StoreFailedException(error);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** Cassandra refused or timed out a write of this import. */
  static final class StoreFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailedException(Throwable cause) {
      super("contacts store write failed: " + cause.getMessage(), cause);
    }
  }
}
