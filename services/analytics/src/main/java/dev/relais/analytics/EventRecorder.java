package dev.relais.analytics;

import com.datastax.oss.driver.api.core.DriverException;
import dev.relais.analytics.events.BatchClaimDecision;
import dev.relais.analytics.events.EventBatch;
import dev.relais.analytics.events.EventSlot;
import dev.relais.analytics.events.EventTypeColumn;
import dev.relais.analytics.store.CampaignCounterDao;
import dev.relais.analytics.store.EventBatchClaimDao;
import dev.relais.analytics.store.EventSlotDao;
import dev.relais.analytics.store.MessageEventDao;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records one batch of events exactly once per batch id, and counts each event once per message and
 * slot ({@link EventSlot}) whatever batch it comes in: claim the batch id (while writing the event
 * rows and the slot claims), read back which slots this batch recorded first, increment the
 * counters of those only, mark the claim done. Fresh first reports ({@link #isFreshFirstReport})
 * skip the read-back: it is the costliest part of recording (a read across every SSTable holding
 * the campaign's partitions) and they cannot have lost their slot.
 *
 * <p>If writing fails after the claim, the claim is released so that the caller's retry records the
 * batch again; event rows and slot claims are idempotent for a batch id (a retry wins the slots its
 * first attempt won), so a half-written attempt leaves nothing wrong behind.
 */
public final class EventRecorder {

  private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

  /** How late a first report may be recorded and still be counted without a read-back. */
  static final Duration FIRST_REPORT_FRESHNESS = Duration.ofSeconds(1);

  /** How many times a claim is re-read when it changes under us before giving up for now. */
  private static final int CLAIM_ATTEMPTS = 3;

  /** What happened to a batch. */
  public sealed interface Outcome {}

  /** The batch was recorded by this call. */
  public record Recorded(int events) implements Outcome {}

  /** The batch id was already recorded: nothing was counted again. */
  public record Duplicate() implements Outcome {}

  /** Another call is recording the same batch id right now. */
  public record InProgress() implements Outcome {}

  /** The batch could not be recorded; nothing of it is counted and a retry may succeed. */
  public static final class RecordingFailedException extends Exception {
    RecordingFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final EventBatchClaimDao claims;
  private final MessageEventDao events;
  private final EventSlotDao slots;
  private final CampaignCounterDao counters;
  private final Duration lease;
  private final Clock clock;

  public EventRecorder(
      EventBatchClaimDao claims,
      MessageEventDao events,
      EventSlotDao slots,
      CampaignCounterDao counters,
      Duration lease,
      Clock clock) {
    this.claims = claims;
    this.events = events;
    this.slots = slots;
    this.counters = counters;
    this.lease = lease;
    this.clock = clock;
  }

  /** Records a validated batch under {@code batchId}. */
  public Outcome record(String batchId, EventBatch batch) throws RecordingFailedException {
    if (batch.isEmpty()) {
      return new Recorded(0);
    }
    UUID attempt = UUID.randomUUID();
    Instant claimedAt = clock.instant();
    // Event rows are idempotent, so they are written while the claim is decided instead of after
    // it: the claim's Paxos round trips leave the critical path, and a duplicate batch merely
    // rewrites the rows it wrote the first time.
    CompletableFuture<Void> rows;
    try {
      rows =
          events
              .insertAll(batch.events(), claimedAt, slots.claimRows(batch, batchId, claimedAt))
              .toCompletableFuture();
    } catch (RuntimeException e) {
      rows = CompletableFuture.failedFuture(e);
    }
    Optional<Outcome> refused;
    try {
      refused = claim(batchId, attempt, claimedAt, batch.events().size());
    } catch (DriverException e) {
      awaitQuietly(rows);
      throw new RecordingFailedException("could not claim batch " + batchId, e);
    }
    if (refused.isPresent()) {
      awaitQuietly(rows);
      return refused.get();
    }
    try {
      rows.join();
      // Counting after half the lease could race a retry that takes the claim over and counts
      // again; give the claim back instead and let that retry do all of it.
      if (!clock.instant().isBefore(claimedAt.plus(lease.dividedBy(2)))) {
        throw new IllegalStateException("writing events outlasted half the claim lease");
      }
      Set<EventSlot.Key> firstReports = new HashSet<>();
      List<MessageEvent> toVerify = new ArrayList<>();
      for (MessageEvent claim : batch.slotClaims()) {
        if (isFreshFirstReport(claim, claimedAt)) {
          firstReports.add(EventBatch.slotOf(claim));
        } else {
          toVerify.add(claim);
        }
      }
      Map<EventSlot.Key, EventSlot.Winner> winners =
          toVerify.isEmpty() ? Map.of() : slots.winners(toVerify).toCompletableFuture().join();
      counters
          .increment(
              batch.countedDeltasByCampaign(event -> {
                EventSlot.Key slot = EventBatch.slotOf(event);
                if (firstReports.contains(slot)) {
                  return true;
                }
                EventSlot.Winner winner = winners.get(slot);
                return winner != null
                    && winner.batchId().equals(batchId)
                    && winner.type().equals(EventTypeColumn.toColumn(event.getType()));
              }))
          .toCompletableFuture()
          .join();
    } catch (CompletionException | DriverException | IllegalStateException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      releaseQuietly(batchId, attempt);
      throw new RecordingFailedException("could not record batch " + batchId, cause);
    }
    try {
      if (!claims.complete(batchId, attempt)) {
        LOG.warning(() -> "batch " + batchId + " was recorded but its claim was taken over");
      }
    } catch (DriverException e) {
      // The events are counted: answering an error would make the caller retry and count twice.
      // The claim stays PENDING; a retry within the lease is told to wait, a later one recounts.
      LOG.log(Level.WARNING, "batch " + batchId + " recorded but not marked done", e);
    }
    return new Recorded(batch.events().size());
  }

  /**
   * Whether an event may be counted without reading its slot back: its dispatcher marked it as the
   * first report of its slot ({@code MessageEvent.first_report}), and it is recorded within {@link
   * #FIRST_REPORT_FRESHNESS} of happening: a batch retried for longer is read back like any event,
   * since another dispatcher may have re-reported the slot meanwhile. Its slot claim is written
   * either way, so that any later re-report loses to it.
   */
  static boolean isFreshFirstReport(MessageEvent event, Instant recordedAt) {
    if (!event.getFirstReport() || !event.hasOccurredAt()) {
      return false;
    }
    Instant occurredAt = ProtoTime.instant(event.getOccurredAt());
    return Duration.between(occurredAt, recordedAt).abs().compareTo(FIRST_REPORT_FRESHNESS) <= 0;
  }

  private Optional<Outcome> claim(String batchId, UUID attempt, Instant now, int size) {
    for (int i = 0; i < CLAIM_ATTEMPTS; i++) {
      Optional<EventBatchClaimDao.Claim> existing = claims.claim(batchId, attempt, now, size);
      if (existing.isEmpty()) {
        return Optional.empty();
      }
      EventBatchClaimDao.Claim claim = existing.get();
      switch (BatchClaimDecision.decide(claim.state(), claim.claimedAt(), now, lease)) {
        case DUPLICATE -> {
          return Optional.of(new Duplicate());
        }
        case IN_PROGRESS -> {
          return Optional.of(new InProgress());
        }
        case TAKE_OVER -> {
          if (claims.takeOver(batchId, claim.attemptId(), attempt, now)) {
            LOG.info(() -> "took over abandoned claim of batch " + batchId);
            return Optional.empty();
          }
          // The claim changed (completed, released, or taken by another retry): look again.
        }
      }
    }
    return Optional.of(new InProgress());
  }

  /** Waits for writes whose outcome no longer matters, so that no call leaves work behind. */
  private static void awaitQuietly(CompletableFuture<?> writes) {
    try {
      writes.join();
    } catch (CompletionException | CancellationException e) {
      // Idempotent rows of a batch that is not ours to record: nothing to undo.
    }
  }

  private void releaseQuietly(String batchId, UUID attempt) {
    try {
      claims.release(batchId, attempt);
    } catch (DriverException e) {
      // The claim stays PENDING and becomes free for a retry once the lease has passed.
      LOG.log(Level.WARNING, "could not release claim of batch " + batchId, e);
    }
  }
}
