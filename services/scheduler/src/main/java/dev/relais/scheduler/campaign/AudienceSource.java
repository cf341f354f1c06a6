package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.ListAudienceResponse;
import java.util.concurrent.CompletableFuture;

/** Where a campaign's audience is read from, one page at a time. */
public interface AudienceSource {

  /**
   * Reads the page at {@code pageToken} ("" for the first) of the campaign's audience (its list,
   * tags and segment filter); completes with the page or the error.
   */
  CompletableFuture<ListAudienceResponse> page(
      CompiledCampaign campaign, String pageToken, int size);
}
