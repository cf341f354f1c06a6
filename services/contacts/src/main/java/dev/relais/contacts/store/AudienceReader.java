package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.contacts.segment.SegmentFilter;
import dev.relais.proto.contacts.v1.Contact;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an audience page by page: the 64 buckets in order, each with the driver's paging, the list
 * and tags applied by Cassandra inside the partition and a segment filter applied here, row by row.
 * Only one page is ever in memory.
 *
 * <p>A Cassandra page is always consumed whole and its paging state kept, so that the next call
 * resumes exactly after the last row read: every matching contact is returned exactly once over a
 * full scan (contacts added during the scan may or may not appear). With a segment filter a page
 * also stops after a budget of rows read or of time, so that a selective filter returns short (even
 * empty) pages with a token that still advances, instead of holding the caller for minutes.
 */
public final class AudienceReader {

  /** Most tags a filter may require; each becomes a CONTAINS restriction. */
  public static final int MAX_TAGS = 16;

  /** Rows read for one filtered page at most, by default. */
  public static final int DEFAULT_ROW_BUDGET = 50_000;

  /** Time spent on one filtered page at most (checked between Cassandra pages), by default. */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(2);

  private final CqlSession session;
  private final Clock clock;
  private final int rowBudget;
  private final Duration timeBudget;
  private final Map<String, PreparedStatement> statements = new ConcurrentHashMap<>();

  public AudienceReader(CqlSession session) {
    this(session, Clock.systemUTC(), DEFAULT_ROW_BUDGET, DEFAULT_TIME_BUDGET);
  }

  /**
   * @param clock the time relative dates of a segment are evaluated at, on a scan's first page
   * @param rowBudget rows read for one filtered page at most
   * @param timeBudget time spent on one filtered page at most
   */
  public AudienceReader(CqlSession session, Clock clock, int rowBudget, Duration timeBudget) {
    this.session = session;
    this.clock = clock;
    this.rowBudget = rowBudget;
    this.timeBudget = timeBudget;
    statement(false, 0); // the unfiltered scan is the common case: prepare it up front
  }

  /** One page of an audience and the token of the next one (null at the end). */
  public record Page(List<Contact> contacts, AudienceToken next) {}

  /**
   * Reads up to {@code pageSize} contacts of the audience ({@code list} may be empty: everyone;
   * {@code tags} must all be present), starting at {@code from} (null: the beginning).
   */
  public Page read(String list, List<String> tags, AudienceToken from, int pageSize) {
    return read(list, tags, SegmentFilter.EVERYONE, from, pageSize);
  }

  /** The same, keeping only the contacts {@code segment} selects. */
  public Page read(
      String list, List<String> tags, SegmentFilter segment, AudienceToken from, int pageSize) {
    checkTags(tags);
    int fingerprint = AudienceToken.fingerprint(list, tags, segment.canonical());
    if (from != null && from.filterFingerprint() != fingerprint) {
      throw new IllegalArgumentException("page_token was issued for another filter");
    }
    boolean filtered = !segment.selectsEveryone();
    Instant evaluatedAt = null;
    if (filtered) {
      evaluatedAt =
          from != null && from.evaluatedAt() != null ? from.evaluatedAt() : clock.instant();
    }
    long started = System.nanoTime();
    long rows = 0;
    int bucket = from == null ? 0 : from.bucket();
    ByteBuffer pagingState = from == null ? null : from.pagingState();
    List<Contact> contacts = new ArrayList<>(Math.min(pageSize, 1024));
    while (bucket < ContactBuckets.COUNT && contacts.size() < pageSize) {
      if (filtered && rows > 0 && overBudget(rows, started)) {
        break;
      }
      ResultSet page = select(list, tags, bucket, pagingState, pageSize - contacts.size());
      for (int n = page.getAvailableWithoutFetching(); n > 0; n--) {
        Row row = page.one();
        rows++;
        if (!ContactsTable.isContact(row)) {
          continue;
        }
        Contact contact = ContactsTable.toContact(row);
        if (!filtered || segment.matches(contact, evaluatedAt)) {
          contacts.add(contact);
        }
      }
      pagingState = page.getExecutionInfo().getPagingState();
      if (pagingState == null) {
        bucket++;
      }
    }
    AudienceToken next =
        bucket < ContactBuckets.COUNT
            ? new AudienceToken(fingerprint, bucket, evaluatedAt, pagingState)
            : null;
    return new Page(contacts, next);
  }

  private boolean overBudget(long rows, long startedNanos) {
    return rows >= rowBudget || System.nanoTime() - startedNanos >= timeBudget.toNanos();
  }

  /** One Cassandra page of a bucket's contacts in {@code list} with all {@code tags}. */
  /** Refuses more tags than one query may require. */
  static void checkTags(List<String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("at most " + MAX_TAGS + " tags per filter");
    }
  }

  ResultSet select(
      String list, List<String> tags, int bucket, ByteBuffer pagingState, int fetchSize) {
    BoundStatementBuilder query =
        statement(!list.isEmpty(), tags.size()).boundStatementBuilder().setInt("bucket", bucket);
    if (!list.isEmpty()) {
      query.setString("list", list);
    }
    for (int i = 0; i < tags.size(); i++) {
      query.setString("tag" + i, tags.get(i));
    }
    return session.execute(query.setPageSize(fetchSize).setPagingState(pagingState).build());
  }

  /** The SELECT for a filter shape, prepared once per shape. */
  private PreparedStatement statement(boolean byList, int tagCount) {
    return statements.computeIfAbsent(
        byList + "/" + tagCount,
        shape -> {
          StringBuilder cql =
              new StringBuilder("SELECT ")
                  .append(ContactsTable.CONTACT_COLUMNS)
                  .append(" FROM contacts WHERE bucket = :bucket");
          if (byList) {
            cql.append(" AND lists CONTAINS :list");
          }
          for (int i = 0; i < tagCount; i++) {
            cql.append(" AND tags CONTAINS :tag").append(i);
          }
          if (byList || tagCount > 0) {
            // Filtering inside one partition: Cassandra reads the partition it would read anyway.
            cql.append(" ALLOW FILTERING");
          }
          return session.prepare(
              SimpleStatement.newInstance(cql.toString())
                  .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        });
  }
}
