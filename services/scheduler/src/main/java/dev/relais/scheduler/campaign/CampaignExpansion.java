package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.queue.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Expands one campaign from its saved progress, page by page, in a short pipeline: while page N is
 * being written to the queue, page N+1 is composed and page N+2 is read from contacts. Progress is
 * saved strictly in page order and only once the page's write is durable, so only one page at a
 * time is written but not yet recorded.
 *
 * <p>Memory stays flat in audience size: at most three pages are held (writing, composed, reading).
 */
final class CampaignExpansion {

  /** Writes a page's messages to the dispatch queue; completes once they are durable. */
  interface MessageSink {
    CompletionStage<Void> enqueue(List<OutgoingMessage> messages);
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

  /** A composed page and the token of the page after it. */
  private record Composed(PageOutcome outcome, String nextToken) {}

  private final CompiledCampaign campaign;
  private final MessageComposer composer;
  private final AudienceSource audience;
  private final int pageSize;
  private final MessageSink queue;
  private final ProgressSink progressSink;
  private final BooleanSupplier stopRequested;
  private final ExpansionTimer timer = new ExpansionTimer();

  CampaignExpansion(
      CompiledCampaign campaign,
      MessageComposer composer,
      AudienceSource audience,
      int pageSize,
      MessageSink queue,
      ProgressSink progressSink,
      BooleanSupplier stopRequested) {
    this.campaign = campaign;
    this.composer = composer;
    this.audience = audience;
    this.pageSize = pageSize;
    this.queue = queue;
    this.progressSink = progressSink;
    this.stopRequested = stopRequested;
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
      Composed current = compose(first, progress.queued());
      while (true) {
        List<OutgoingMessage> messages = current.outcome().messages();
        CompletableFuture<Void> writing =
            messages.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : timer.time(
                    ExpansionTimer.Step.QUEUE, () -> queue.enqueue(messages).toCompletableFuture());
        Composed following = null;
        if (!current.nextToken().isEmpty()) {
          ListAudienceResponse page = timed(ExpansionTimer.Step.READ, reading);
          reading = read(page.getNextPageToken());
          following = compose(page, progress.queued() + current.outcome().messages().size());
        }
        timed(ExpansionTimer.Step.QUEUE, writing);
        progress = progress.plus(current.outcome(), current.nextToken());
        CampaignProgress toSave = progress;
        if (!timer.time(ExpansionTimer.Step.SAVE, () -> progressSink.save(toSave))) {
          throw new TakenOver();
        }
        if (progress.expansionComplete() || stopRequested.getAsBoolean()) {
          return progress;
        }
        current = following;
      }
    } finally {
      if (reading != null) {
        reading.cancel(true);
      }
    }
  }

  /** Where the time went, e.g. "12.3 s (read 0.4 s, compose 1.0 s, queue 9.1 s, save 1.8 s)". */
  String timings() {
    return timer.toString();
  }

  private CompletableFuture<ListAudienceResponse> read(String token) {
    return token.isEmpty() ? null : audience.page(campaign, token, pageSize);
  }

  private Composed compose(ListAudienceResponse page, long queuedBefore) {
    PageOutcome outcome =
        timer.time(
            ExpansionTimer.Step.COMPOSE,
            () -> composer.compose(page.getContactsList(), queuedBefore));
    return new Composed(outcome, page.getNextPageToken());
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
