package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
  private QueuePosition sweepPosition;
  private volatile QueuePosition committed;
  private long lastSweepMillis;

  /** Seqs returned by the first pass and not yet behind the sweep, so it returns none twice. */
  private final java.util.NavigableSet<java.util.UUID> seen =
      new java.util.TreeSet<>(TimeUuids::compare);

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
      sweepPosition = readPosition;
      committed = readPosition;
      seen.clear();
    }
    long now = queue.clock().millis();
    if (now - lastSweepMillis >= 1000) {
      lastSweepMillis = now;
      List<QueuedMessage> late = sweep(now - queue.settings().lookback().toMillis());
      if (!late.isEmpty()) {
        return late;
      }
    }
    List<QueuedMessage> due = readForward(now - queue.settings().settle().toMillis(), max);
    due.forEach(m -> seen.add(m.position().seq()));
    return due;
  }

  /** The first pass: the next due rows after the read position. */
  private List<QueuedMessage> readForward(long horizon, int max) {
    long bucketMillis = queue.settings().bucketSeconds() * 1000L;
    // Each turn either returns or moves to a later bucket; the bound only guards against surprises.
    for (int turn = 0; turn < 1000; turn++) {
      if (readPosition.bucket() * 1000 > horizon) {
        return List.of();
      }
      List<QueuedMessage> due = read(readPosition, Uuids.endOf(horizon), max);
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
   * The lagging pass: rereads rows older than {@code horizon} after the sweep position and returns
   * those the first pass never returned. Never goes past the first pass.
   */
  private List<QueuedMessage> sweep(long horizon) {
    List<QueuedMessage> late = new ArrayList<>();
    long bucketMillis = queue.settings().bucketSeconds() * 1000L;
    for (int turn = 0; turn < 1000; turn++) {
      if (sweepPosition.compareTo(readPosition) >= 0 || sweepPosition.bucket() * 1000 > horizon) {
        break;
      }
      UUID bound = Uuids.endOf(horizon);
      if (sweepPosition.bucket() == readPosition.bucket()
          && TimeUuids.compare(readPosition.seq(), bound) < 0) {
        bound = readPosition.seq(); // rows after it belong to the first pass
      }
      List<QueuedMessage> rows = read(sweepPosition, bound, 5000);
      for (QueuedMessage row : rows) {
        if (!seen.contains(row.position().seq())) {
          late.add(row);
        }
      }
      if (rows.size() == 5000) {
        sweepPosition = rows.get(rows.size() - 1).position();
        continue;
      }
      if (sweepPosition.bucket() < readPosition.bucket()
          && horizon >= sweepPosition.bucket() * 1000 + bucketMillis) {
        Row next =
            queue
                .session()
                .execute(selectNextBucket.bind(route, shard, sweepPosition.bucket()))
                .one();
        sweepPosition =
            next == null || next.getLong("bucket") > readPosition.bucket()
                ? QueuePosition.startOf(readPosition.bucket())
                : QueuePosition.startOf(next.getLong("bucket"));
        continue;
      }
      sweepPosition = new QueuePosition(sweepPosition.bucket(), bound);
      break;
    }
    // Forget what the sweep is now past: those seqs can never be returned again.
    seen.headSet(sweepPosition.seq(), true).clear();
    if (!late.isEmpty()) {
      LOG.warning(() ->
          route
              + " shard "
              + shard
              + ": "
              + late.size()
              + " message(s) written late behind the reader, picked up by the sweep");
    }
    return late;
  }

  /**
   * Persists that everything up to {@code position} is resolved ({@code count} messages since the
   * previous commit). After a crash, reading resumes right after it.
   */
  public CompletionStage<Void> commit(QueuePosition position, long count) {
    CqlSession session = queue.session();
    // A row found late by the sweep sits behind the cursor: the cursor never moves back.
    if (committed != null && position.compareTo(committed) < 0) {
      position = committed;
    }
    committed = position;
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

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(ShardReader.class.getName());

  private QueuePosition loadCursor() {
    Row row = queue.session().execute(selectCursor.bind(route, shard)).one();
    if (row != null) {
      return new QueuePosition(row.getLong("bucket"), row.getUuid("seq"));
    }
    Row first = queue.session().execute(selectNextBucket.bind(route, shard, -1L)).one();
    return QueuePosition.startOf(first == null ? 0 : first.getLong("bucket"));
  }

  private List<QueuedMessage> read(QueuePosition after, UUID upTo, int max) {
    List<QueuedMessage> messages = new ArrayList<>();
    for (Row row :
        queue
            .session()
            .execute(selectMessages.bind(route, shard, after.bucket(), after.seq(), upTo, max))) {
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
