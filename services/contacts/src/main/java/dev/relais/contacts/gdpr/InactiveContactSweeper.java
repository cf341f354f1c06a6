package dev.relais.contacts.gdpr;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.contacts.store.ContactBuckets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Purges long-inactive contacts (storage limitation, GDPR Art. 5(1)(e)): every {@code period} it
 * reads the contacts partition by partition and erases those the {@link RetentionPolicy} says have
 * been inactive too long, through the same {@link NumberErasure} as an erasure request (queue
 * included, suppression of opted-out numbers kept). Logs counts only, never numbers.
 *
 * <p>Candidates are checked again just before their batch is erased, so a contact that came back (a
 * reply, a re-import with a newer interaction) during the sweep is kept. When the queue cannot be
 * searched the batch is left for the next sweep, untouched.
 */
public final class InactiveContactSweeper implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(InactiveContactSweeper.class.getName());

  private static final String COLUMNS =
      "phone, last_interaction_at, consent_at, opted_out_at, updated_at";

  /**
   * @param period time between two sweeps (the first starts after {@code delay})
   * @param batch numbers erased together, with one scan of the queue per pass
   */
  public record Settings(RetentionPolicy policy, Duration delay, Duration period, int batch) {}

  /** What one sweep did. */
  public record Sweep(long scanned, long erased, long queuedErased, long failedBatches) {}

  private final CqlSession session;
  private final NumberErasure erasure;
  private final Settings settings;
  private final Clock clock;
  private final PreparedStatement scan;
  private final PreparedStatement recheck;
  private final ScheduledExecutorService timer;

  public InactiveContactSweeper(
      CqlSession session, NumberErasure erasure, Settings settings, Clock clock) {
    this.session = session;
    this.erasure = erasure;
    this.settings = settings;
    this.clock = clock;
    this.scan =
        session.prepare(
            SimpleStatement.newInstance("SELECT " + COLUMNS + " FROM contacts WHERE bucket = ?")
                .setPageSize(1000));
    this.recheck =
        session.prepare(
            SimpleStatement.newInstance(
                    "SELECT " + COLUMNS + " FROM contacts WHERE bucket = ? AND phone = ?")
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("retention-sweeper").unstarted(r));
  }

  /** Schedules the sweeps; does nothing when the policy is off. */
  public InactiveContactSweeper start() {
    if (settings.policy().enabled()) {
      timer.scheduleWithFixedDelay(
          this::sweepQuietly,
          settings.delay().toMillis(),
          settings.period().toMillis(),
          TimeUnit.MILLISECONDS);
      LOG.info(() ->
          "contacts inactive for "
              + settings.policy().inactive().toDays()
              + " days are erased, checked every "
              + settings.period());
    } else {
      LOG.info("retention.inactive=0: inactive contacts are never purged");
    }
    return this;
  }

  /** Runs one sweep now, in the calling thread. */
  public Sweep sweep() {
    long scanned = 0;
    long erased = 0;
    long queued = 0;
    long failed = 0;
    for (int bucket = 0; bucket < ContactBuckets.COUNT; bucket++) {
      List<String> candidates = new ArrayList<>();
      for (Row row : session.execute(scan.bind(bucket))) {
        scanned++;
        if (expired(row)) {
          candidates.add(row.getString("phone"));
        }
        if (candidates.size() >= settings.batch()) {
          BatchOutcome outcome = erase(bucket, candidates);
          erased += outcome.erased();
          queued += outcome.queued();
          failed += outcome.failed() ? 1 : 0;
          candidates.clear();
        }
      }
      if (!candidates.isEmpty()) {
        BatchOutcome outcome = erase(bucket, candidates);
        erased += outcome.erased();
        queued += outcome.queued();
        failed += outcome.failed() ? 1 : 0;
      }
    }
    return new Sweep(scanned, erased, queued, failed);
  }

  private record BatchOutcome(long erased, long queued, boolean failed) {}

  private BatchOutcome erase(int bucket, List<String> candidates) {
    List<String> still = new ArrayList<>(candidates.size());
    for (String phone : candidates) {
      Row row = session.execute(recheck.bind(bucket, phone)).one();
      if (row != null && expired(row)) {
        still.add(phone);
      }
    }
    if (still.isEmpty()) {
      return new BatchOutcome(0, 0, false);
    }
    try {
      NumberErasure.Summary summary = erasure.eraseAll(still);
      return new BatchOutcome(summary.found(), summary.queued().erased(), false);
    } catch (UnreachableException e) {
      LOG.warning(
          () -> still.size() + " inactive contact(s) left for the next sweep: " + e.getMessage());
      return new BatchOutcome(0, 0, true);
    }
  }

  private boolean expired(Row row) {
    return settings
        .policy()
        .expired(
            row.getInstant("last_interaction_at"),
            row.getInstant("consent_at"),
            row.getInstant("opted_out_at"),
            row.getInstant("updated_at"),
            clock.instant());
  }

  private void sweepQuietly() {
    try {
      Sweep sweep = sweep();
      LOG.info(() ->
          "retention sweep: "
              + sweep.scanned()
              + " contact row(s) read, "
              + sweep.erased()
              + " inactive contact(s) erased, "
              + sweep.queuedErased()
              + " queued message(s) scrubbed"
              + (sweep.failedBatches() > 0
                  ? ", " + sweep.failedBatches() + " batch(es) left for the next sweep"
                  : ""));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "retention sweep failed; the next one starts over", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
