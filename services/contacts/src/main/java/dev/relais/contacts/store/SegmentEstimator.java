package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.contacts.segment.SegmentFilter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Estimates how many contacts of a list a segment selects, reading whole buckets in order until the
 * list is read (exact) or the sample and time budgets are spent (extrapolated).
 *
 * <p>Buckets are chosen by a hash of the number, so any set of whole buckets is a uniform random
 * sample of the list: matches in k buckets times 64 / k is an unbiased estimate. A bucket is never
 * cut short, because the rows of a bucket are ordered by number and a prefix of it is biased (by
 * country code, by operator prefix).
 */
public final class SegmentEstimator {

  /** Contacts read before extrapolating when the caller does not say. */
  public static final long DEFAULT_SAMPLE = 100_000;

  /** Time after which no further bucket is started, by default. */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(5);

  private static final int FETCH_SIZE = 1000;

  private final AudienceReader reader;
  private final Clock clock;
  private final long defaultSample;
  private final Duration timeBudget;

  public SegmentEstimator(
      AudienceReader reader, Clock clock, long defaultSample, Duration timeBudget) {
    this.reader = reader;
    this.clock = clock;
    this.defaultSample = defaultSample;
    this.timeBudget = timeBudget;
  }

  /** An estimate and how it was obtained. */
  public record Estimate(
      long estimatedSize, long scanned, long matched, int bucketsScanned, boolean exact) {}

  /**
   * Estimates the size of {@code segment} within {@code list} (empty: every contact), among the
   * contacts that carry every one of {@code tags}.
   *
   * @param sample contacts to read at least before extrapolating; 0 or less for the default
   */
  public Estimate estimate(String list, List<String> tags, SegmentFilter segment, long sample) {
    AudienceReader.checkTags(tags);
    long wanted = sample > 0 ? sample : defaultSample;
    Instant now = clock.instant();
    long started = System.nanoTime();
    long scanned = 0;
    long matched = 0;
    int bucket = 0;
    while (bucket < ContactBuckets.COUNT) {
      ByteBuffer pagingState = null;
      do {
        ResultSet page = reader.select(list, tags, bucket, pagingState, FETCH_SIZE);
        for (int n = page.getAvailableWithoutFetching(); n > 0; n--) {
          Row row = page.one();
          if (!ContactsTable.isContact(row)) {
            continue;
          }
          scanned++;
          if (segment.selectsEveryone() || segment.matches(ContactsTable.toContact(row), now)) {
            matched++;
          }
        }
        pagingState = page.getExecutionInfo().getPagingState();
      } while (pagingState != null);
      bucket++;
      if (scanned >= wanted || System.nanoTime() - started >= timeBudget.toNanos()) {
        break;
      }
    }
    boolean exact = bucket == ContactBuckets.COUNT;
    long estimated = exact ? matched : Math.round((double) matched * ContactBuckets.COUNT / bucket);
    return new Estimate(estimated, scanned, matched, bucket, exact);
  }
}
