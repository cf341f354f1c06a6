package dev.relais.scheduler.campaign;

import dev.relais.queue.OutgoingMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the marketing messages queued for each contact are recorded, so that later campaigns see
 * them under the frequency cap. Recording is idempotent per (contact, campaign): a page queued
 * again after a crash does not count twice.
 */
public interface MarketingSendLog {

  /** Records the marketing messages of one page; completes once contacts has stored them. */
  CompletableFuture<Void> record(String campaignId, List<OutgoingMessage> messages);

  /** A log that records nothing, for transactional campaigns. */
  MarketingSendLog NONE = (campaignId, messages) -> CompletableFuture.completedFuture(null);
}
