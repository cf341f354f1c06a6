package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Writes the marketing sends that frequency caps count: one map entry per (number, campaign) in the
 * contact row, with a TTL that ends {@link #RETENTION} after the send.
 *
 * <p>Write-only: no read before the write, one UPDATE per number, grouped in unlogged batches per
 * partition and sent asynchronously with a bounded number in flight. The campaign id is the map
 * key, so a retried or repeated recording overwrites its own entry instead of adding one.
 */
public final class MarketingSends {

  /** How long a send is kept: longer than any frequency-cap window (30 days by default). */
  public static final Duration RETENTION = Duration.ofDays(90);

  /** Statements per batch: about 80 bytes each, under Cassandra's 5 KiB batch warning. */
  private static final int BATCH = 50;

  /** Batches written at once by one call. */
  private static final int IN_FLIGHT = 16;

  private final CqlSession session;
  private final PreparedStatement record;

  public MarketingSends(CqlSession session) {
    this.session = session;
    this.record =
        session.prepare(
            SimpleStatement.newInstance(
                    "UPDATE contacts USING TTL :ttl SET marketing_sends[:campaign] = :sent_at"
                        + " WHERE bucket = :bucket AND phone = :phone")
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /**
   * Records that {@code campaign} was sent at {@code sentAt} to {@code phones} (E.164, distinct)
   * and returns once every write is acknowledged.
   *
   * @return the numbers written; 0 when the send is already older than the retention
   */
  public int record(String campaign, Instant sentAt, Collection<String> phones, Instant now) {
    long ttl = RETENTION.minus(Duration.between(sentAt, now)).toSeconds();
    if (ttl <= 0 || phones.isEmpty()) {
      return 0;
    }
    Map<Integer, List<BatchableStatement<?>>> byBucket = new TreeMap<>();
    for (String phone : phones) {
      int bucket = ContactBuckets.of(phone);
      byBucket
          .computeIfAbsent(bucket, b -> new ArrayList<>())
          .add(
              record
                  .boundStatementBuilder()
                  .setInt("ttl", (int) Math.min(ttl, Integer.MAX_VALUE))
                  .setString("campaign", campaign)
                  .setInstant("sent_at", sentAt)
                  .setInt("bucket", bucket)
                  .setString("phone", phone)
                  .build());
    }
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> acks = new ArrayList<>();
    try {
      for (List<BatchableStatement<?>> partition : byBucket.values()) {
        for (int from = 0; from < partition.size(); from += BATCH) {
          List<BatchableStatement<?>> part =
              partition.subList(from, Math.min(from + BATCH, partition.size()));
          inFlight.acquire();
          acks.add(
              session
                  .executeAsync(asBatch(part))
                  .toCompletableFuture()
                  .whenComplete((done, error) -> inFlight.release()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording marketing sends", e);
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    return phones.size();
  }

  private static Statement<?> asBatch(List<BatchableStatement<?>> statements) {
    if (statements.size() == 1) {
      return statements.get(0);
    }
    // Unlogged: one partition per batch, applied by Cassandra as a single mutation.
    return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, statements)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
  }
}
