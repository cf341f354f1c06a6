package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.proto.contacts.v1.Contact;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an audience page by page: the 64 buckets in order, each with the driver's paging, the
 * filter applied by Cassandra inside the partition. Only one page is ever in memory.
 *
 * <p>A Cassandra page is always consumed whole and its paging state kept, so that the next call
 * resumes exactly after the last contact returned: every matching contact is returned exactly once
 * over a full scan (contacts added during the scan may or may not appear).
 */
public final class AudienceReader {

  /** Most tags a filter may require; each becomes a CONTAINS restriction. */
  public static final int MAX_TAGS = 16;

  private final CqlSession session;
  private final Map<String, PreparedStatement> statements = new ConcurrentHashMap<>();

  public AudienceReader(CqlSession session) {
    this.session = session;
    statement(false, 0); // the unfiltered scan is the common case: prepare it up front
  }

  /** One page of an audience and the token of the next one (null at the end). */
  public record Page(List<Contact> contacts, AudienceToken next) {}

  /**
   * Reads up to {@code pageSize} contacts of the audience ({@code list} may be empty: everyone;
   * {@code tags} must all be present), starting at {@code from} (null: the beginning).
   */
  public Page read(String list, List<String> tags, AudienceToken from, int pageSize) {
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("at most " + MAX_TAGS + " tags per filter");
    }
    int fingerprint = AudienceToken.fingerprint(list, tags);
    if (from != null && from.filterFingerprint() != fingerprint) {
      throw new IllegalArgumentException("page_token was issued for another filter");
    }
    PreparedStatement select = statement(!list.isEmpty(), tags.size());
    int bucket = from == null ? 0 : from.bucket();
    ByteBuffer pagingState = from == null ? null : from.pagingState();
    List<Contact> contacts = new ArrayList<>(Math.min(pageSize, 1024));
    while (bucket < ContactBuckets.COUNT && contacts.size() < pageSize) {
      BoundStatementBuilder query = select.boundStatementBuilder().setInt("bucket", bucket);
      if (!list.isEmpty()) {
        query.setString("list", list);
      }
      for (int i = 0; i < tags.size(); i++) {
        query.setString("tag" + i, tags.get(i));
      }
      ResultSet page =
          session.execute(
              query.setPageSize(pageSize - contacts.size()).setPagingState(pagingState).build());
      for (int n = page.getAvailableWithoutFetching(); n > 0; n--) {
        contacts.add(ContactsTable.toContact(page.one()));
      }
      pagingState = page.getExecutionInfo().getPagingState();
      if (pagingState == null) {
        bucket++;
      }
    }
    AudienceToken next =
        bucket < ContactBuckets.COUNT ? new AudienceToken(fingerprint, bucket, pagingState) : null;
    return new Page(contacts, next);
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
