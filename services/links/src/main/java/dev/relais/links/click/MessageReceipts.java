package dev.relais.links.click;

import java.util.concurrent.CompletableFuture;

/** Where the clicks' messages' receipts are read: analytics' record of message events. */
public interface MessageReceipts {

  /**
   * The receipt analytics holds for the message; completes exceptionally when it cannot be read.
   */
  CompletableFuture<PrefetchRule.Receipt> of(String campaignId, String messageId);
}
