package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The opt-out log (table {@code opt_out_log}): every opt-out under a gap-free position that no
 * clock gives, so that a dispatcher reading "everything after position n" misses nothing whatever
 * the clocks of contacts' replicas say.
 *
 * <p>Entry n is inserted with {@code IF NOT EXISTS} only by a writer that saw entry n-1 (its own
 * previous entry, the head hint, or a refused insert at n-1), so an entry is visible only after
 * every entry before it; a refused insert means another replica took the position, and the writer
 * tries the next one. One Paxos round per opt-out call or import chunk, never per message.
 */
public final class OptOutLog {

  /** Positions per partition. */
  static final long BUCKET = 10_000;

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement last;
  private final PreparedStatement readAfter;
  private final PreparedStatement head;
  private final PreparedStatement advanceHead;
  private final PreparedStatement all;
  private final PreparedStatement removePhone;

  /** The last position this replica knows to be taken; -1 before it read the head. */
  private final AtomicLong known = new AtomicLong(-1);

  public OptOutLog(CqlSession session) {
    this.session = session;
    this.insert =
        session.prepare(
            SimpleStatement.newInstance(
                    "INSERT INTO opt_out_log (bucket, position, phones, at, lifted, traceparent)"
                        + " VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS")
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
    this.last =
        prepare("SELECT position FROM opt_out_log WHERE bucket = ? ORDER BY position DESC LIMIT 1");
    this.readAfter =
        prepare(
            "SELECT position, phones, at, lifted, traceparent FROM opt_out_log WHERE bucket = ?"
                + " AND position > ? LIMIT ?");
    this.head = prepare("SELECT position FROM opt_out_log_head WHERE id = 0");
    this.advanceHead =
        prepare("UPDATE opt_out_log_head USING TIMESTAMP ? SET position = ? WHERE id = 0");
    this.all = prepare("SELECT bucket, position, phones FROM opt_out_log");
    this.removePhone =
        prepare("UPDATE opt_out_log SET phones = phones - ? WHERE bucket = ? AND position = ?");
  }

  /**
   * One entry: the numbers that opted out together, at their position, or whose opt-out was lifted
   * when {@code lifted}; {@code traceparent} is the trace of its recording, null when untraced.
   */
  public record Entry(
      long position, List<String> phones, Instant at, boolean lifted, String traceparent) {}

  /** An entry to write, at the first free position. */
  private record Written(List<String> phones, Instant at, boolean lifted, String traceparent) {}

  /**
   * Appends one entry holding {@code phones} (E.164); completes with its position once it is
   * written, or with the last position when there is nothing to append.
   */
  public CompletionStage<Long> append(Collection<String> phones, Instant at) {
    return append(phones, at, false, null);
  }

  /**
   * {@link #append(Collection, Instant)} for an opt-out whose recording was traced: readers of the
   * log get {@code traceparent} (null for none) with the entry.
   */
  public CompletionStage<Long> append(Collection<String> phones, Instant at, String traceparent) {
    return append(phones, at, false, traceparent);
  }

  /**
   * Appends one entry holding {@code phones} whose opt-out was lifted (a re-subscription): readers
   * stop suppressing them when they reach it.
   */
  public CompletionStage<Long> appendLifted(Collection<String> phones, Instant at) {
    return append(phones, at, true, null);
  }

  private CompletionStage<Long> append(
      Collection<String> phones, Instant at, boolean lifted, String traceparent) {
    if (phones.isEmpty()) {
      return CompletableFuture.supplyAsync(this::position);
    }
    List<String> numbers = List.copyOf(phones);
    return CompletableFuture.supplyAsync(() -> known.get() < 0 ? position() : known.get())
        .thenCompose(from -> tryAt(from + 1, new Written(numbers, at, lifted, traceparent)));
  }

  private CompletionStage<Long> tryAt(long position, Written entry) {
    return session
        .executeAsync(insert(position, entry))
        // Async: the refused path reads the head with blocking calls, never on a driver thread.
        .thenComposeAsync(result -> {
          if (result.wasApplied()) {
            known.accumulateAndGet(position, Math::max);
            // The hint may lag or be lost: readers and writers probe forward from it.
            session.executeAsync(advanceHead.bind(position, position));
            return CompletableFuture.completedFuture(position);
          }
          // Taken by another replica: continue after the newest entry, not one by one.
          return tryAt(Math.max(position, position()) + 1, entry);
        });
  }

  private BoundStatement insert(long position, Written entry) {
    BoundStatementBuilder insert =
        this.insert.boundStatementBuilder(bucket(position), position, entry.phones(), entry.at());
    // Columns without a value are left unset, not null: no tombstone in every entry.
    if (entry.lifted()) {
      insert.setBoolean("lifted", true);
    }
    if (entry.traceparent() != null) {
      insert.setString("traceparent", entry.traceparent());
    }
    return insert.build();
  }

  /** The last position written (0 for an empty log): read entries after it to see only new ones. */
  public long position() {
    Row hint = session.execute(head.bind()).one();
    long position = hint == null ? 0 : hint.getLong("position");
    // Probe forward: the hint lags by the entries whose writer has not advanced it yet.
    while (true) {
      Row newest = session.execute(last.bind(bucket(position + 1))).one();
      if (newest == null || newest.getLong("position") <= position) {
        break;
      }
      position = newest.getLong("position");
    }
    long found = position;
    known.accumulateAndGet(found, Math::max);
    return found;
  }

  /** Up to {@code limit} entries after {@code position}, in order. */
  public List<Entry> readAfter(long position, int limit) {
    List<Entry> entries = new ArrayList<>();
    long from = position;
    while (entries.size() < limit) {
      int before = entries.size();
      for (Row row : session.execute(readAfter.bind(bucket(from + 1), from, limit - before))) {
        List<String> phones = row.getList("phones", String.class);
        entries.add(
            new Entry(
                row.getLong("position"),
                phones,
                row.getInstant("at"),
                !row.isNull("lifted") && row.getBoolean("lifted"),
                row.getString("traceparent")));
      }
      long reached = entries.isEmpty() ? from : entries.get(entries.size() - 1).position();
      // Positions are gap-free: the next partition is worth reading only when this one is full.
      if (reached == from || (reached + 1) % BUCKET != 0) {
        break;
      }
      from = reached;
    }
    return entries;
  }

  /**
   * Removes {@code phone} from every entry that holds it (erasure); the entries stay, so positions
   * remain gap-free. Scans the log, which only holds the feed's retention: erasures are rare.
   *
   * @return how many entries held it
   */
  public int erase(String phone) {
    int found = 0;
    for (Row row : session.execute(all.bind())) {
      if (row.getList("phones", String.class).contains(phone)) {
        session.execute(
            removePhone.bind(List.of(phone), row.getLong("bucket"), row.getLong("position")));
        found++;
      }
    }
    return found;
  }

  static long bucket(long position) {
    return position / BUCKET;
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
