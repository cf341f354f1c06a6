package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads one shard of a route forward, from its persisted cursor, in due order.
 *
 * <p>Only the lease holder of the shard reads it. A message becomes readable once its due time is
 * older than the settle delay; a bucket is left behind only once it can no longer receive messages.
 * Not thread-safe: one dispatcher thread polls a shard.
 */
public final class ShardReader {

  private final DispatchQueue queue;
  private final String route;
  private final int shard;
  private final PreparedStatement selectCursor;
  private final PreparedStatement selectNextBucket;
  private final PreparedStatement selectMessages;
  private final PreparedStatement saveCursor;
  private final PreparedStatement countResolved;
  private QueuePosition readPosition;

  ShardReader(DispatchQueue queue, String route, int shard) {
    this.queue = queue;
    this.route = route;
    this.shard = shard;
    CqlSession session = queue.session();
    String ks = queue.settings().keyspace();
    selectCursor =
        session.prepare("SELECT bucket, seq FROM " + ks + ".cursors WHERE route = ? AND shard = ?");
    selectNextBucket =
        session.prepare(
            "SELECT bucket FROM "
                + ks
                + ".buckets WHERE route = ? AND shard = ? AND bucket > ? LIMIT 1");
    selectMessages =
        session.prepare(
            "SELECT seq, message_id, campaign_id, destination, sender, body, not_before,"
                + " expires_at, variant, marketing, parts FROM "
                + ks
                + ".messages WHERE route = ? AND shard = ? AND bucket = ? AND seq > ? AND seq <= ?"
                + " LIMIT ?");
    saveCursor =
        session.prepare(
            "UPDATE "
                + ks
                + ".cursors SET bucket = ?, seq = ?, updated_at = ? WHERE route = ? AND shard = ?");
    countResolved =
        session.prepare(
            "UPDATE " + ks + ".depth SET resolved = resolved + ? WHERE route = ? AND shard = ?");
  }

  public int shard() {
    return shard;
  }

  /**
   * Returns up to {@code max} due messages after the last one returned, or none when nothing is due
   * yet. The first call starts from the persisted cursor.
   */
  public List<QueuedMessage> poll(int max) {
    if (readPosition == null) {
      readPosition = loadCursor();
    }
    long horizon = queue.clock().millis() - queue.settings().settle().toMillis();
    long bucketMillis = queue.settings().bucketSeconds() * 1000L;
    // Each turn either returns or moves to a later bucket; the bound only guards against surprises.
    for (int turn = 0; turn < 1000; turn++) {
      if (readPosition.bucket() * 1000 > horizon) {
        return List.of();
      }
      List<QueuedMessage> due = read(readPosition, horizon, max);
      if (!due.isEmpty()) {
        readPosition = due.get(due.size() - 1).position();
        return due;
      }
      if (horizon < readPosition.bucket() * 1000 + bucketMillis) {
        return List.of(); // the bucket is still open: more may come
      }
      Row next =
          queue.session().execute(selectNextBucket.bind(route, shard, readPosition.bucket())).one();
      if (next == null) {
        return List.of();
      }
      readPosition = QueuePosition.startOf(next.getLong("bucket"));
    }
    return List.of();
  }

  /**
   * Persists that everything up to {@code position} is resolved ({@code count} messages since the
   * previous commit). After a crash, reading resumes right after it.
   */
  public CompletionStage<Void> commit(QueuePosition position, long count) {
    CqlSession session = queue.session();
    CompletableFuture<?> cursor =
        session
            .executeAsync(
                saveCursor.bind(position.bucket(), position.seq(), Instant.now(), route, shard))
            .toCompletableFuture();
    CompletableFuture<?> depth =
        session.executeAsync(countResolved.bind(count, route, shard)).toCompletableFuture();
    return CompletableFuture.allOf(cursor, depth);
  }

  /** Forgets the in-memory read position: the next poll restarts from the persisted cursor. */
  public void rewind() {
    readPosition = null;
  }

  private QueuePosition loadCursor() {
    Row row = queue.session().execute(selectCursor.bind(route, shard)).one();
    if (row != null) {
      return new QueuePosition(row.getLong("bucket"), row.getUuid("seq"));
    }
    Row first = queue.session().execute(selectNextBucket.bind(route, shard, -1L)).one();
    return QueuePosition.startOf(first == null ? 0 : first.getLong("bucket"));
  }

  private List<QueuedMessage> read(QueuePosition after, long horizon, int max) {
    List<QueuedMessage> messages = new ArrayList<>();
    for (Row row :
        queue
            .session()
            .execute(
                selectMessages.bind(
                    route, shard, after.bucket(), after.seq(), Uuids.endOf(horizon), max))) {
      messages.add(
          new QueuedMessage(
              shard,
              new QueuePosition(after.bucket(), row.getUuid("seq")),
              row.getUuid("message_id"),
              row.getString("campaign_id"),
              route,
              row.getString("destination"),
              row.getString("sender"),
              row.getString("body"),
              row.getInstant("not_before"),
              row.getInstant("expires_at"),
              row.getString("variant"),
              row.getBoolean("marketing"),
              row.getInt("parts")));
    }
    return messages;
  }
}
