package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  private final PreparedStatement selectSeqs;
  private final PreparedStatement selectMessagesBySeq;
  private final PreparedStatement saveCursor;
  private final PreparedStatement countResolved;
  private final PreparedStatement selectSendMark;
  private final PreparedStatement saveSendMark;
  private final PreparedStatement selectOutcomes;
  private final PreparedStatement selectOutcomeChunks;
  private QueuePosition readPosition;

  /** How far this shard's messages may have been handed to SMPP, as persisted. */
  private volatile QueuePosition sendMark;

  /**
   * The send mark found when reading started: messages up to it were read by an earlier lease
   * holder that did not commit them, so what it recorded about them is looked up.
   */
  private QueuePosition recoveryEnd;

  /** Every row up to here was returned, by the first pass or by the sweep. */
  private volatile QueuePosition sweepPosition;

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
    String messageColumns =
        "SELECT seq, message_id, campaign_id, destination, sender, body, not_before,"
            + " expires_at, variant, marketing, parts, trace FROM "
            + ks
            + ".messages WHERE route = ? AND shard = ? AND bucket = ?";
    selectMessages = session.prepare(messageColumns + " AND seq > ? AND seq <= ? LIMIT ?");
    selectMessagesBySeq = session.prepare(messageColumns + " AND seq IN ?");
    selectSeqs =
        session.prepare(
            "SELECT seq FROM "
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
    selectSendMark =
        session.prepare(
            "SELECT bucket, seq FROM " + ks + ".send_marks WHERE route = ? AND shard = ?");
    saveSendMark =
        session.prepare(
            "UPDATE " + ks + ".send_marks SET bucket = ?, seq = ? WHERE route = ? AND shard = ?");
    selectOutcomes =
        session.prepare(
            "SELECT seq, outcome, smsc_id, parts, error_code FROM "
                + ks
                + ".outcomes WHERE route = ? AND shard = ? AND bucket = ? AND seq >= ? AND seq <= ?");
    selectOutcomeChunks =
        session.prepare(
            "SELECT outcomes FROM "
                + ks
                + ".outcome_chunks WHERE route = ? AND shard = ? AND bucket = ? AND chunk >= ?");
  }

  /**
   * How much earlier than a message was due its answer may seem to be logged: the seq's time comes
   * from the clock of the scheduler that queued it, the chunk's from the dispatcher's.
   */
  static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);

  /** Seqs the sweep reads per request. */
  private static final int SWEEP_PAGE = 5000;

  /** Seqs per read of the rows the sweep found late. */
  private static final int MAX_SEQS_PER_READ = 100;

  public int shard() {
    return shard;
  }

  /**
   * Returns up to {@code max} due messages after the last one returned, or none when nothing is due
   * yet. The first call starts from the persisted cursor.
   */
  public List<QueuedMessage> poll(int max) {
    if (readPosition == null) {
      start();
    }
    // Every read of a poll happens before any position moves: a poll that fails (Cassandra down,
    // a timeout while it comes back) leaves the reader where it was, and the next poll returns
    // the same messages. Moving first would lose them: the sweep skips what the first pass read.
    long now = queue.clock().millis();
    if (now - lastSweepMillis >= 1000) {
      lastSweepMillis = now;
      Sweep sweep = sweep(now - queue.settings().lookback().toMillis());
      List<QueuedMessage> late = withPriorAttempts(sweep.late());
      sweepPosition = sweep.position();
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
        return late;
      }
    }
    Forward forward = readForward(now - queue.settings().settle().toMillis(), max);
    List<QueuedMessage> due = withPriorAttempts(forward.due());
    readPosition = forward.position();
    due.forEach(m -> seen.add(m.position().seq()));
    return due;
  }

  /**
   * How far the cursor may be committed: every row up to this position was returned by this reader
   * (null before the first poll). A row landing late behind the first pass is found by the sweep, a
   * lookback later; a cursor committed past it before then would hide it from the next holder of
   * the shard for good, so the cursor trails the sweep (by about the lookback, while reading).
   */
  public QueuePosition swept() {
    return sweepPosition;
  }

  /**
   * For a holder giving the shard up after it stopped polling: sweeps at once up to where the first
   * pass got, so that its last commit can reach that far. False if a row had landed late there:
   * {@link #swept()} then stays where it was, and the next holder reads that row from the cursor.
   */
  public boolean catchUp() {
    if (readPosition == null) {
      return true;
    }
    Sweep sweep = sweep(queue.clock().millis());
    if (!sweep.late().isEmpty()) {
      return false;
    }
    sweepPosition = sweep.position();
    return true;
  }

  /** Reads where a new holder starts (its cursor and send mark); positions are set only after. */
  private void start() {
    QueuePosition cursor = loadCursor();
    QueuePosition mark = restoredSendMark();
    seen.clear();
    sweepPosition = cursor;
    committed = cursor;
    sendMark = mark;
    recoveryEnd = mark != null && mark.compareTo(cursor) > 0 ? mark : null;
    readPosition = cursor;
    if (recoveryEnd != null) {
      LOG.info(() ->
          route
              + " shard "
              + shard
              + ": resuming after an uncommitted holder; checking its recorded outcomes");
    }
  }

  /**
   * Persists, before a message is handed to SMPP, that messages up to {@code upTo} may have been
   * sent. The mark never moves back: a holder resending an earlier holder's messages must not hide
   * them from the next one. Callers mark a few messages ahead to save writes; a new holder counts
   * the marked but unsent ones as in doubt too, so the lead bounds that overcount.
   */
  public void markSending(QueuePosition upTo) {
    if (marked(upTo)) {
      return;
    }
    queue.session().execute(saveSendMark.bind(upTo.bucket(), upTo.seq(), route, shard));
    advanceSendMark(upTo);
  }

  /**
   * As {@link #markSending}, without waiting: the mark counts (see {@link #marked}) once the write
   * is durable. The caller keeps one such write in flight at a time, so they land in order.
   */
  public CompletionStage<Void> markSendingAsync(QueuePosition upTo) {
    if (marked(upTo)) {
      return CompletableFuture.completedFuture(null);
    }
    return queue
        .session()
        .executeAsync(saveSendMark.bind(upTo.bucket(), upTo.seq(), route, shard))
        .thenAccept(written -> advanceSendMark(upTo));
  }

  private synchronized void advanceSendMark(QueuePosition upTo) {
    if (sendMark == null || upTo.compareTo(sendMark) > 0) {
      sendMark = upTo;
    }
    queue.markWritten(route, shard, upTo);
  }

  /**
   * The stored send mark, or the one this process wrote if the store lost it (see {@link
   * DispatchQueue#markWritten(String, int)}), written back first.
   */
  private QueuePosition restoredSendMark() {
    QueuePosition stored = loadSendMark();
    QueuePosition written = queue.markWritten(route, shard);
    if (written == null || (stored != null && stored.compareTo(written) >= 0)) {
      return stored;
    }
    queue.session().execute(saveSendMark.bind(written.bucket(), written.seq(), route, shard));
    LOG.warning(() ->
        route
            + " shard "
            + shard
            + ": its stored send mark is behind the one this process wrote (the store lost"
            + " acknowledged writes); written again, so that what was sent up to it is checked");
    return written;
  }

  /** Whether a message at {@code position} is covered by the persisted send mark. */
  public boolean marked(QueuePosition position) {
    return sendMark != null && position.compareTo(sendMark) <= 0;
  }

  /**
   * Attaches what the previous holder recorded to messages it may have sent (up to the send mark
   * found at the start): its SMSC answer if one was stored, else "in doubt". One range read per
   * bucket per poll, and only while resuming.
   */
  private List<QueuedMessage> withPriorAttempts(List<QueuedMessage> messages) {
    if (recoveryEnd == null || messages.isEmpty()) {
      return messages;
    }
    Map<Long, List<QueuedMessage>> byBucket = new TreeMap<>();
    for (QueuedMessage m : messages) {
      if (m.position().compareTo(recoveryEnd) <= 0) {
        byBucket.computeIfAbsent(m.position().bucket(), b -> new ArrayList<>()).add(m);
      }
    }
    if (byBucket.isEmpty()) {
      return messages;
    }
    Map<UUID, PriorAttempt> answers = new HashMap<>();
    byBucket.forEach((bucket, inBucket) -> {
      UUID from = inBucket.get(0).position().seq();
      UUID to = inBucket.get(0).position().seq();
      for (QueuedMessage m : inBucket) {
        if (TimeUuids.compare(m.position().seq(), from) < 0) {
          from = m.position().seq();
        }
        if (TimeUuids.compare(m.position().seq(), to) > 0) {
          to = m.position().seq();
        }
      }
      for (Row row : queue.session().execute(selectOutcomes.bind(route, shard, bucket, from, to))) {
        PriorAttempt.Kind kind =
            OutcomeLog.SUBMITTED.equals(row.getString("outcome"))
                ? PriorAttempt.Kind.SUBMITTED
                : PriorAttempt.Kind.FAILED;
        answers.put(
            row.getUuid("seq"),
            new PriorAttempt(
                kind, row.getString("smsc_id"), row.getInt("parts"), row.getInt("error_code")));
      }
      // A message is answered after it was due: only chunks written since (give or take the clock
      // skew between scheduler and dispatcher) can hold its answer. Later chunks win, as a later
      // holder's answer would.
      UUID since = Uuids.startOf(Uuids.unixTimestamp(from) - CLOCK_SKEW_ALLOWANCE.toMillis());
      for (Row row :
          queue.session().execute(selectOutcomeChunks.bind(route, shard, bucket, since))) {
        for (OutcomeChunk.Entry entry : OutcomeChunk.decode(row.getByteBuffer("outcomes"))) {
          answers.put(entry.seq(), entry.answer());
        }
      }
    });
    List<QueuedMessage> result = new ArrayList<>(messages.size());
    for (QueuedMessage m : messages) {
      if (m.position().compareTo(recoveryEnd) <= 0) {
        result.add(m.withPrior(answers.getOrDefault(m.position().seq(), PriorAttempt.IN_DOUBT)));
      } else {
        result.add(m);
      }
    }
    return result;
  }

  private QueuePosition loadSendMark() {
    Row row = queue.session().execute(selectSendMark.bind(route, shard)).one();
    return row == null || row.isNull("seq")
        ? null
        : new QueuePosition(row.getLong("bucket"), row.getUuid("seq"));
  }

  /** What the first pass read, and where it will be once they are returned. */
  private record Forward(List<QueuedMessage> due, QueuePosition position) {}

  /** The first pass: the next due rows after the read position. */
  private Forward readForward(long horizon, int max) {
    long bucketMillis = queue.settings().bucketSeconds() * 1000L;
    QueuePosition position = readPosition;
    // Each turn either returns or moves to a later bucket; the bound only guards against surprises.
    for (int turn = 0; turn < 1000; turn++) {
      if (position.bucket() * 1000 > horizon) {
        break;
      }
      List<QueuedMessage> due = read(position, Uuids.endOf(horizon), max);
      if (!due.isEmpty()) {
        return new Forward(due, due.get(due.size() - 1).position());
      }
      if (horizon < position.bucket() * 1000 + bucketMillis) {
        break; // the bucket is still open: more may come
      }
      Row next =
          queue.session().execute(selectNextBucket.bind(route, shard, position.bucket())).one();
      if (next == null) {
        break;
      }
      position = QueuePosition.startOf(next.getLong("bucket"));
    }
    return new Forward(List.of(), position);
  }

  /** What the lagging pass found late, and where it will be once they are returned. */
  private record Sweep(List<QueuedMessage> late, QueuePosition position) {}

  /**
   * The lagging pass: rereads rows older than {@code horizon} after the sweep position and returns
   * those the first pass never returned. Never goes past the first pass.
   */
  private Sweep sweep(long horizon) {
    List<QueuedMessage> late = new ArrayList<>();
    long bucketMillis = queue.settings().bucketSeconds() * 1000L;
    QueuePosition position = sweepPosition;
    for (int turn = 0; turn < 1000; turn++) {
      if (position.compareTo(readPosition) >= 0 || position.bucket() * 1000 > horizon) {
        break;
      }
      UUID bound = Uuids.endOf(horizon);
      if (position.bucket() == readPosition.bucket()
          && TimeUuids.compare(readPosition.seq(), bound) < 0) {
        bound = readPosition.seq(); // rows after it belong to the first pass
      }
      // Seqs only: almost every row was returned by the first pass already, and reading its
      // columns again would double the queue's read cost. Late rows are then read in full.
      List<UUID> seqs = readSeqs(position, bound, SWEEP_PAGE);
      List<UUID> unseen = new ArrayList<>();
      for (UUID seq : seqs) {
        if (!seen.contains(seq)) {
          unseen.add(seq);
        }
      }
      late.addAll(readBySeq(position.bucket(), unseen));
      if (seqs.size() == SWEEP_PAGE) {
        position = new QueuePosition(position.bucket(), seqs.get(seqs.size() - 1));
        continue;
      }
      if (position.bucket() < readPosition.bucket()
          && horizon >= position.bucket() * 1000 + bucketMillis) {
        Row next =
            queue.session().execute(selectNextBucket.bind(route, shard, position.bucket())).one();
        position =
            next == null || next.getLong("bucket") > readPosition.bucket()
                ? QueuePosition.startOf(readPosition.bucket())
                : QueuePosition.startOf(next.getLong("bucket"));
        continue;
      }
      position = new QueuePosition(position.bucket(), bound);
      break;
    }
    return new Sweep(late, position);
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
    return messages(
        after.bucket(),
        queue
            .session()
            .execute(selectMessages.bind(route, shard, after.bucket(), after.seq(), upTo, max)));
  }

  /** The seqs of a bucket after {@code after}, up to {@code upTo}, in order. */
  private List<UUID> readSeqs(QueuePosition after, UUID upTo, int max) {
    List<UUID> seqs = new ArrayList<>();
    for (Row row :
        queue
            .session()
            .execute(selectSeqs.bind(route, shard, after.bucket(), after.seq(), upTo, max))) {
      seqs.add(row.getUuid("seq"));
    }
    return seqs;
  }

  /** The rows of these seqs of one bucket (those still there), in seq order. */
  private List<QueuedMessage> readBySeq(long bucket, List<UUID> seqs) {
    List<QueuedMessage> messages = new ArrayList<>();
    for (int from = 0; from < seqs.size(); from += MAX_SEQS_PER_READ) {
      List<UUID> chunk = seqs.subList(from, Math.min(seqs.size(), from + MAX_SEQS_PER_READ));
      messages.addAll(
          messages(
              bucket,
              queue
                  .session()
                  .execute(selectMessagesBySeq.bind(route, shard, bucket, List.copyOf(chunk)))));
    }
    return messages;
  }

  private List<QueuedMessage> messages(long bucket, Iterable<Row> rows) {
    List<QueuedMessage> messages = new ArrayList<>();
    for (Row row : rows) {
      messages.add(
          new QueuedMessage(
              shard,
              new QueuePosition(bucket, row.getUuid("seq")),
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
              row.getInt("parts"),
              PriorAttempt.NONE,
              row.getString("trace")));
    }
    return messages;
  }
}
