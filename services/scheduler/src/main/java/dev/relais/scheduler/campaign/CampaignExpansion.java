package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.queue.OutgoingMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Expands one campaign from its saved progress, page by page, in a short pipeline: while page N is
 * being written to the queue, page N+1 is composed and page N+2 is read from contacts. Progress is
 * saved strictly in page order and only once the page's write is durable, so only one page at a
 * time is written but not yet recorded.
 *
 * <p>Expanding a page again never queues its messages twice, whatever interrupted the first attempt
 * (a kill -9 mid-write, a failed progress save). The saved progress names the next page's key
 * ({@link PageMessageIds}: its message ids follow from the key and each destination) and the floor
 * its write uses (the queue position of a message follows from its id, its {@code notBefore} and
 * the floor), both saved before the page is written: with the previous page's progress, or, for the
 * first page of a run, by one save of its own. A run that resumes on a page with floors saved first
 * asks the queue which of its messages are already at their positions for each floor and writes
 * only the others, under a new floor saved first in turn. So the cost is one read per queue
 * partition of the first page of a run, and nothing per message. Floors lead the clock by a little
 * more than a page takes to be saved and written ({@link WriteLead}), so that no message is due
 * before it is durable.
 *
 * <p>Why not less: the same ids alone would not do, since a message already due is queued at the
 * time of its write, and a page written again later lands on new rows that dispatch sends as well.
 * Nor can a resumed run simply write the whole page again at the old floor: once a killed
 * scheduler's lease has expired, that floor is older than the readers' lookback, and the messages
 * the first attempt never wrote would sit behind every reader. A floor at which nothing was found
 * is dropped, so the list holds only the attempts that wrote something.
 *
 * <p>Memory stays flat in audience size: at most three pages are held (writing, composed, reading).
 */
final class CampaignExpansion {

  private static final Logger LOG = Logger.getLogger(CampaignExpansion.class.getName());

  /** The dispatch queue, as expansion writes pages to it. */
  interface MessageSink {
    /**
     * Writes messages at positions that depend only on each message and {@code floor}; completes
     * once they are durable.
     */
    CompletionStage<Void> enqueue(List<OutgoingMessage> messages, Instant floor);

    /** The ids of those messages an earlier {@link #enqueue} with {@code floor} wrote. */
    CompletionStage<Set<UUID>> queuedAt(List<OutgoingMessage> messages, Instant floor);
  }

  /** Records progress; false when the campaign was taken over and expansion must stop. */
  interface ProgressSink {
    boolean save(CampaignProgress progress);
  }

  /** Another scheduler instance holds the campaign now. */
  static final class TakenOver extends RuntimeException {
    TakenOver() {
      super("expansion lease lost to another scheduler instance", null, false, false);
    }
  }

  /** A composed page, the key of its message ids, and the token of the page after it. */
  private record Composed(PageOutcome outcome, UUID key, String nextToken) {}

  private final CompiledCampaign campaign;
  private final MessageComposer composer;
  private final AudienceSource audience;
  private final int pageSize;
  private final MessageSink queue;
  private final ProgressSink progressSink;
  private final BooleanSupplier stopRequested;
  private final InstantSource clock;
  private final ExpansionTimer timer = new ExpansionTimer();
  private final WriteLead lead = new WriteLead();

  CampaignExpansion(
      CompiledCampaign campaign,
      MessageComposer composer,
      AudienceSource audience,
      int pageSize,
      MessageSink queue,
      ProgressSink progressSink,
      BooleanSupplier stopRequested,
      InstantSource clock) {
    this.campaign = campaign;
    this.composer = composer;
    this.audience = audience;
    this.pageSize = pageSize;
    this.queue = queue;
    this.progressSink = progressSink;
    this.stopRequested = stopRequested;
    this.clock = clock;
  }

  /**
   * Expands from {@code progress} until the audience ends, a stop is requested between pages, or an
   * error occurs (then the last saved progress stands). Returns the last saved progress.
   *
   * @throws TakenOver when another instance took the campaign over
   */
  CampaignProgress run(CampaignProgress progress) {
    // An empty token means the first page here; after a page, it means there is none left.
    CompletableFuture<ListAudienceResponse> reading =
        audience.page(campaign, progress.pageToken(), pageSize);
    try {
      ListAudienceResponse first = timed(ExpansionTimer.Step.READ, reading);
      reading = read(first.getNextPageToken());
      UUID key = progress.pageKey() != null ? progress.pageKey() : newKey();
      Composed current = compose(first, key, progress.queued());
      List<OutgoingMessage> toWrite = current.outcome().messages();
      List<Instant> floors = new ArrayList<>();
      if (!progress.pageWrites().isEmpty() && !toWrite.isEmpty()) {
        Set<UUID> queued = new HashSet<>();
        for (Instant floor : progress.pageWrites()) {
          Set<UUID> found = timed(ExpansionTimer.Step.QUEUE, queuedAt(toWrite, floor));
          if (!found.isEmpty()) {
            floors.add(floor); // a floor that wrote nothing need not be looked at again
            queued.addAll(found);
          }
        }
        toWrite = toWrite.stream().filter(m -> !queued.contains(m.messageId())).toList();
        int composed = current.outcome().messages().size();
        LOG.info(
            campaign.id()
                + ": resuming a page whose write may have been interrupted: "
                + queued.size()
                + " of its "
                + composed
                + " message(s) already queued, "
                + toWrite.size()
                + " to write");
      }
      Instant chosen = clock.instant();
      Instant floor = chosen.plus(lead.next());
      floors.add(floor);
      progress = progress.withPage(key, floors);
      save(progress);
      while (true) {
        List<OutgoingMessage> messages = toWrite;
        Instant writeFloor = floor;
        CompletableFuture<Void> writing =
            messages.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : timer.time(
                    ExpansionTimer.Step.QUEUE,
                    () -> queue.enqueue(messages, writeFloor).toCompletableFuture());
        Composed following = null;
        if (!current.nextToken().isEmpty()) {
          ListAudienceResponse page = timed(ExpansionTimer.Step.READ, reading);
          reading = read(page.getNextPageToken());
          following =
              compose(page, newKey(), progress.queued() + current.outcome().messages().size());
        }
        timed(ExpansionTimer.Step.QUEUE, writing);
        Instant durable = clock.instant();
        if (!messages.isEmpty()) {
          lead.record(Duration.between(chosen, durable));
        }
        chosen = durable;
        floor = chosen.plus(lead.next());
        progress = progress.plus(current.outcome(), current.nextToken());
        if (following != null) {
          progress = progress.withPage(following.key(), List.of(floor));
        }
        save(progress);
        if (progress.expansionComplete() || stopRequested.getAsBoolean()) {
          return progress;
        }
        current = following;
        toWrite = following.outcome().messages();
      }
    } finally {
      if (reading != null) {
        reading.cancel(true);
      }
    }
  }

  private void save(CampaignProgress progress) {
    if (!timer.time(ExpansionTimer.Step.SAVE, () -> progressSink.save(progress))) {
      throw new TakenOver();
    }
  }

  private UUID newKey() {
    return PageMessageIds.newKey(clock.instant());
  }

  private CompletableFuture<Set<UUID>> queuedAt(List<OutgoingMessage> messages, Instant floor) {
    return queue.queuedAt(messages, floor).toCompletableFuture();
  }

  /** Where the time went, e.g. "12.3 s (read 0.4 s, compose 1.0 s, queue 9.1 s, save 1.8 s)". */
  String timings() {
    return timer.toString();
  }

  private CompletableFuture<ListAudienceResponse> read(String token) {
    return token.isEmpty() ? null : audience.page(campaign, token, pageSize);
  }

  private Composed compose(ListAudienceResponse page, UUID key, long queuedBefore) {
    PageMessageIds ids = PageMessageIds.of(key);
    PageOutcome outcome =
        timer.time(
            ExpansionTimer.Step.COMPOSE,
            () -> composer.compose(page.getContactsList(), queuedBefore, ids::idFor));
    return new Composed(outcome, key, page.getNextPageToken());
  }

  private <T> T timed(ExpansionTimer.Step step, CompletableFuture<T> future) {
    return timer.time(step, () -> await(future));
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
  }
}
