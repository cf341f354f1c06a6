package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import dev.relais.common.privacy.PrivacyKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The suppression list of erased numbers (table {@code erased_suppressions}): keyed hashes of
 * numbers that had opted out before being erased, so that they never get marketing again if they
 * come back through an import, while the number itself is no longer stored.
 *
 * <p>The hash is an HMAC-SHA256 with a secret key ({@code privacy.key}, from a Secret): a plain or
 * salted hash of a phone number is reversed by hashing the billion possible mobile numbers, a keyed
 * one is not without the key. The key must never change (a new key forgets every entry).
 */
public final class ErasedSuppressions {

  private static final GenericType<List<String>> TEXT_LIST = GenericType.listOf(String.class);

  private final CqlSession session;
  private final PrivacyKey key;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;

  public ErasedSuppressions(CqlSession session, String key) {
    this(session, PrivacyKey.of(key));
  }

  public ErasedSuppressions(CqlSession session, PrivacyKey key) {
    this.session = session;
    this.key = key;
    this.insert = prepare("INSERT INTO erased_suppressions (bucket, hash, since) VALUES (?, ?, ?)");
    this.delete = prepare("DELETE FROM erased_suppressions WHERE bucket = ? AND hash = ?");
    this.select =
        prepare("SELECT hash FROM erased_suppressions WHERE bucket = :bucket AND hash IN :hashes");
  }

  /** The keyed hash of an E.164 number, in hex. */
  public String hash(String phone) {
    return key.hmacHex(phone);
  }

  /** Adds a number (suppressed since {@code since}). */
  public BoundStatement add(String phone, Instant since) {
    return insert.bind(ContactBuckets.of(phone), hash(phone), since);
  }

  /**
   * Removes a number: its opt-out was lifted by a new consent, so an import must no longer bring it
   * back opted out.
   */
  public BoundStatement remove(String phone) {
    return delete.bind(ContactBuckets.of(phone), hash(phone));
  }

  /** Whether a number was erased after opting out. */
  public boolean contains(String phone) {
    return !suppressed(ContactBuckets.of(phone), List.of(phone))
        .toCompletableFuture()
        .join()
        .isEmpty();
  }

  /** The numbers among {@code phones} (all of {@code bucket}) that are suppressed. */
  public CompletionStage<Set<String>> suppressed(int bucket, List<String> phones) {
    Map<String, String> byHash = new HashMap<>();
    for (String phone : phones) {
      byHash.put(hash(phone), phone);
    }
    BoundStatement query =
        select
            .boundStatementBuilder()
            .setInt("bucket", bucket)
            .set("hashes", List.copyOf(byHash.keySet()), TEXT_LIST)
            .setPageSize(byHash.size() + 1)
            .build();
    Set<String> found = new HashSet<>();
    return session.executeAsync(query).thenCompose(page -> collect(page, byHash, found));
  }

  private static CompletionStage<Set<String>> collect(
      AsyncResultSet page, Map<String, String> byHash, Set<String> found) {
    for (Row row : page.currentPage()) {
      found.add(byHash.get(row.getString("hash")));
    }
    if (page.hasMorePages()) {
      return page.fetchNextPage().thenCompose(next -> collect(next, byHash, found));
    }
    return CompletableFuture.completedFuture(found);
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
