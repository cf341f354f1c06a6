package dev.relais.scheduler.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * How far a campaign's expansion got, as persisted after each page: a restart resumes from {@code
 * pageToken}.
 *
 * @param audience contacts read so far
 * @param suppressed contacts left out, by reason code
 * @param queued messages written to the dispatch queue
 * @param queuedParts SMS parts of those messages
 * @param pageToken the audience page to read next ("" for the first page)
 * @param expansionComplete true once the last page has been read and queued
 * @param tallies further counts by {@link Tallies} key
 * @param pageKey the key of the message ids of the page at {@code pageToken} ({@link
 *     PageMessageIds}), or null before it was first composed
 * @param pageWrites the floors ({@code QueueWriter#enqueue(List, Instant)}) with which that page
 *     may have been written already, oldest first: a write interrupted by a crash or a failure
 */
public record CampaignProgress(
    long audience,
    Map<String, Long> suppressed,
    long queued,
    long queuedParts,
    String pageToken,
    boolean expansionComplete,
    Map<String, Long> tallies,
    UUID pageKey,
    List<Instant> pageWrites) {

  public static final CampaignProgress NONE = new CampaignProgress(0, Map.of(), 0, 0, "", false);

  public CampaignProgress {
    suppressed = Map.copyOf(suppressed);
    pageToken = pageToken == null ? "" : pageToken;
    tallies = tallies == null ? Map.of() : Map.copyOf(tallies);
    pageWrites = pageWrites == null ? List.of() : List.copyOf(pageWrites);
  }

  public CampaignProgress(
      long audience,
      Map<String, Long> suppressed,
      long queued,
      long queuedParts,
      String pageToken,
      boolean expansionComplete,
      Map<String, Long> tallies) {
    this(
        audience,
        suppressed,
        queued,
        queuedParts,
        pageToken,
        expansionComplete,
        tallies,
        null,
        List.of());
  }

  public CampaignProgress(
      long audience,
      Map<String, Long> suppressed,
      long queued,
      long queuedParts,
      String pageToken,
      boolean expansionComplete) {
    this(audience, suppressed, queued, queuedParts, pageToken, expansionComplete, Map.of());
  }

  /** The same progress, with the key and the write floors of the page at {@code pageToken}. */
  public CampaignProgress withPage(UUID key, List<Instant> writes) {
    return new CampaignProgress(
        audience,
        suppressed,
        queued,
        queuedParts,
        pageToken,
        expansionComplete,
        tallies,
        key,
        writes);
  }

  /** A tally by {@link Tallies} key; 0 when never counted. */
  public long tally(String key) {
    return tallies.getOrDefault(key, 0L);
  }

  /**
   * The progress once {@code page} is queued; {@code nextPageToken} empty means the end. The next
   * page has no key nor writes yet.
   */
  public CampaignProgress plus(PageOutcome page, String nextPageToken) {
    Map<String, Long> merged = new TreeMap<>(suppressed);
    page.suppressed().forEach((reason, count) -> merged.merge(reason, count, Long::sum));
    return new CampaignProgress(
        audience + page.contacts(),
        merged,
        queued + page.messages().size(),
        queuedParts + page.parts(),
        nextPageToken,
        nextPageToken == null || nextPageToken.isEmpty(),
        Tallies.sum(tallies, page.tallies()));
  }
}
