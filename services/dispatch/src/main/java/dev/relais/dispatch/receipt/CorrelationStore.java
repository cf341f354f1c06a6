package dev.relais.dispatch.receipt;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.relais.common.cassandra.GroupCommitWriter;
import dev.relais.dispatch.BoundedMap;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers which Relais message part each SMSC message id stands for, so that its delivery receipt
 * can be matched, for 72 h, whichever replica of the route receives it and across restarts.
 *
 * <p>Almost every receipt arrives within seconds at the dispatcher that submitted, so ids live in
 * its memory first, and Cassandra sees one row per flush instead of one per SMS part:
 *
 * <ol>
 *   <li>Every {@code flushInterval} the ids correlated since the last flush are written as one row
 *       of {@code smsc_id_chunks} (route, minute). A receipt reaching another replica, or this one
 *       after a restart, finds its id there: a miss loads the route's recent chunks it has not
 *       seen.
 *   <li>Ids still without a final receipt after {@code promoteAfter} (a handset switched off, a
 *       slow carrier) are promoted: written one row per id into {@code smsc_messages}, found by key
 *       until they expire, and the chunk is marked promoted.
 *   <li>Chunks left unpromoted by a dispatcher that crashed are promoted whole by any dispatcher of
 *       the route: each scans the minutes old enough that a live writer would have promoted them
 *       (from {@code recoveryWindow} back at start-up, then as time passes).
 * </ol>
 *
 * <p>Ids are stored in {@link SmscMessageIds#canonical canonical} form and looked up with a
 * receipt's {@link SmscMessageIds#lookupKeys lookup keys}.
 */
public final class CorrelationStore implements CorrelationLookup, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CorrelationStore.class.getName());

  private static final int MAX_CHUNK = 5_000;
  private static final int MAX_PROMOTION_BATCH = 10;
  private static final int MAX_WRITES_IN_FLIGHT = 16;
  private static final long MINUTE_MILLIS = 60_000;

  /** Chunks of other writers may land slightly out of timeuuid order: reloads overlap this much. */
  private static final long RELOAD_OVERLAP_MILLIS = 5_000;

  /** Misses arriving together share one reload of the recent chunks. */
  private static final long MIN_RELOAD_GAP_MILLIS = 200;

  /**
   * Tuning of the store.
   *
   * @param cacheSize ids kept in memory once matched or loaded (duplicate and late receipts)
   * @param flushInterval how often correlated ids are written as a chunk
   * @param promoteAfter how long an id waits for its receipt before it gets a row of its own
   * @param recentWindow how far back a miss looks in the route's chunks
   * @param recoveryWindow how far back a starting dispatcher looks for unpromoted chunks
   * @param scanInterval how often it looks again for chunks crashed writers left
   */
  public record Settings(
      int cacheSize,
      Duration flushInterval,
      Duration promoteAfter,
      Duration recentWindow,
      Duration recoveryWindow,
      Duration scanInterval) {

    public static Settings defaults() {
      return new Settings(
          200_000,
          Duration.ofMillis(100),
          Duration.ofSeconds(60),
          Duration.ofMinutes(3),
          Duration.ofHours(1),
          Duration.ofSeconds(30));
    }
  }

  private record Pending(CorrelationChunk.Entry entry, CompletableFuture<Void> done) {}

  /** A chunk this process wrote (or failed to write), until its ids are promoted. */
  private record OwnChunk(
      long minute, UUID chunk, List<String> keys, long writtenAt, boolean stored) {}

  private final CqlSession session;
  private final String route;
  private final Settings settings;
  private final Clock clock;
  private final BoundedMap<String, SentMessage> cache;

  /** Ids of this process waiting for a final receipt, until promoted. */
  private final Map<String, SentMessage> awaiting = new ConcurrentHashMap<>();

  private final Object pendingLock = new Object();
  private List<Pending> pending = new ArrayList<>();
  private final ConcurrentLinkedDeque<OwnChunk> ownChunks = new ConcurrentLinkedDeque<>();

  private final Map<Long, Set<UUID>> loadedChunks = new ConcurrentHashMap<>();
  private final AtomicReference<CompletableFuture<Void>> reload = new AtomicReference<>();
  private volatile long lastReloadStart;
  private long scannedUpToMinute;

  private final PreparedStatement insertChunk;
  private final PreparedStatement selectChunksSince;
  private final PreparedStatement selectChunkStates;
  private final PreparedStatement selectChunkIds;
  private final PreparedStatement markPromoted;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final GroupCommitWriter<BatchableStatement<?>> promotions;
  private final ScheduledExecutorService flusher;
  private final ScheduledExecutorService upkeep;

  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong promoted = new AtomicLong();
  private final AtomicLong recovered = new AtomicLong();

  public CorrelationStore(CqlSession session, String route, Settings settings, Clock clock) {
    this.session = session;
    this.route = route;
    this.settings = settings;
    this.clock = clock;
    this.cache = new BoundedMap<>(settings.cacheSize());
    this.insertChunk =
        session.prepare(
            "INSERT INTO smsc_id_chunks (route, minute, chunk, ids) VALUES (?, ?, ?, ?)");
    this.selectChunksSince =
        session.prepare(
            "SELECT chunk, ids FROM smsc_id_chunks WHERE route = ? AND minute = ? AND chunk > ?");
    this.selectChunkStates =
        session.prepare(
            "SELECT chunk, promoted FROM smsc_id_chunks WHERE route = ? AND minute = ?");
    this.selectChunkIds =
        session.prepare(
            "SELECT ids FROM smsc_id_chunks WHERE route = ? AND minute = ? AND chunk = ?");
    this.markPromoted =
        session.prepare(
            "UPDATE smsc_id_chunks SET promoted = true WHERE route = ? AND minute = ? AND chunk = ?");
    this.insert =
        session.prepare(
            "INSERT INTO smsc_messages (route, smsc_id, message_id, campaign_id, variant, part,"
                + " parts) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.select =
        session.prepare(
            "SELECT message_id, campaign_id, variant, part, parts FROM smsc_messages"
                + " WHERE route = ? AND smsc_id = ?");
    this.promotions =
        GroupCommitWriter.rows(
            session, "correlation-promotions", MAX_PROMOTION_BATCH, MAX_WRITES_IN_FLIGHT);
    this.scannedUpToMinute =
        Math.floorDiv(clock.millis() - settings.recoveryWindow().toMillis(), MINUTE_MILLIS);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("correlation-flush").unstarted(r));
    this.upkeep =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("correlation-upkeep").unstarted(r));
    long flushMillis = settings.flushInterval().toMillis();
    flusher.scheduleWithFixedDelay(
        this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    long promoteMillis = Math.max(100, settings.promoteAfter().toMillis() / 12);
    upkeep.scheduleWithFixedDelay(
        this::promoteQuietly, promoteMillis, promoteMillis, TimeUnit.MILLISECONDS);
    upkeep.scheduleWithFixedDelay(
        this::recoverQuietly, 0, settings.scanInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Records the id of a submit_sm_resp; the returned stage completes once it is durable (written
   * with the next chunk).
   */
  public CompletionStage<Void> remember(String smscId, SentMessage sent) {
    String key = SmscMessageIds.canonical(smscId);
    cache.put(key, sent);
    awaiting.put(key, sent);
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean full;
    synchronized (pendingLock) {
      pending.add(new Pending(new CorrelationChunk.Entry(key, sent), done));
      full = pending.size() >= MAX_CHUNK;
    }
    if (full) {
      try {
        flusher.execute(this::flushQuietly);
      } catch (RuntimeException closed) {
        // closing: close() writes what is left
      }
    }
    return done;
  }

  /**
   * Tries each lookup key in turn: this process's memory, then the ids promoted to rows of their
   * own, then the route's recent chunks (written by any replica) not loaded yet.
   */
  @Override
  public CompletionStage<Optional<Match>> find(List<String> keys) {
    Optional<Match> known = inMemory(keys);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return findStored(keys, 0)
        .thenCompose(stored ->
            stored.isPresent()
                ? CompletableFuture.completedFuture(stored)
                : reloadRecent().thenApply(loaded -> inMemory(keys)));
  }

  private Optional<Match> inMemory(List<String> keys) {
    for (String key : keys) {
      SentMessage own = awaiting.remove(key);
      if (own != null) {
        return Optional.of(new Match(own, true)); // its receipt came: it needs no row of its own
      }
      SentMessage cached = cache.get(key);
      if (cached != null) {
        return Optional.of(new Match(cached, false));
      }
    }
    return Optional.empty();
  }

  private CompletionStage<Optional<Match>> findStored(List<String> keys, int index) {
    if (index >= keys.size()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return session
        .executeAsync(select.bind(route, keys.get(index)))
        .thenCompose(rs -> {
          Row row = rs.one();
          if (row == null) {
            return findStored(keys, index + 1);
          }
          SentMessage sent =
              new SentMessage(
                  row.getUuid("message_id"),
                  row.getString("campaign_id"),
                  row.getString("variant"),
                  row.getInt("part"),
                  row.getInt("parts"));
          cache.put(keys.get(index), sent);
          return CompletableFuture.completedFuture(Optional.of(new Match(sent, false)));
        });
  }

  // --- chunks ---------------------------------------------------------------------------------

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not write SMSC id correlations", e);
    }
  }

  private CompletableFuture<Void> flush() {
    List<Pending> taken;
    synchronized (pendingLock) {
      if (pending.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      taken = pending;
      pending = new ArrayList<>();
    }
    long now = clock.millis();
    long minute = Math.floorDiv(now, MINUTE_MILLIS);
    UUID chunk = chunkId(now);
    List<CorrelationChunk.Entry> entries = new ArrayList<>(taken.size());
    List<String> keys = new ArrayList<>(taken.size());
    for (Pending p : taken) {
      entries.add(p.entry());
      keys.add(p.entry().key());
    }
    CompletionStage<AsyncResultSet> write;
    try {
      write =
          session.executeAsync(
              insertChunk
                  .bind(route, minute, chunk, CorrelationChunk.encode(entries))
                  .setIdempotent(true));
    } catch (RuntimeException e) {
      write = CompletableFuture.failedFuture(e);
    }
    return write
        .handle((ok, error) -> {
          // A chunk that could not be written is promoted like the others: its ids get rows of
          // their own after promoteAfter, unless their receipts come first.
          ownChunks.add(new OwnChunk(minute, chunk, keys, now, error == null));
          for (Pending p : taken) {
            if (error == null) {
              p.done().complete(null);
            } else {
              p.done().completeExceptionally(error);
            }
          }
          if (error != null) {
            writeFailures.addAndGet(taken.size());
          }
          return (Void) null;
        })
        .toCompletableFuture();
  }

  /**
   * A timeuuid of the platform clock's time (which the minute and the reload horizon use too),
   * unique through its random low half.
   */
  private static UUID chunkId(long millis) {
    long random = ThreadLocalRandom.current().nextLong();
    return new UUID(
        Uuids.startOf(millis).getMostSignificantBits(),
        (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
  }

  /** Loads the route's chunks of the recent window written since the last reload. */
  private CompletableFuture<Void> reloadRecent() {
    CompletableFuture<Void> running = reload.get();
    if (running != null && !running.isDone()) {
      return running;
    }
    long now = clock.millis();
    if (running != null && now - lastReloadStart < MIN_RELOAD_GAP_MILLIS) {
      return running;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!reload.compareAndSet(running, mine)) {
      CompletableFuture<Void> other = reload.get();
      return other == null ? CompletableFuture.completedFuture(null) : other;
    }
    long windowStart = now - settings.recentWindow().toMillis();
    long since =
        lastReloadStart == 0
            ? windowStart
            : Math.max(windowStart, lastReloadStart - RELOAD_OVERLAP_MILLIS);
    lastReloadStart = now;
    long fromMinute = Math.floorDiv(windowStart, MINUTE_MILLIS);
    long toMinute = Math.floorDiv(now, MINUTE_MILLIS);
    loadedChunks.keySet().removeIf(minute -> minute < fromMinute);
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (long minute = fromMinute; minute <= toMinute; minute++) {
      long m = minute;
      reads.add(
          session
              .executeAsync(selectChunksSince.bind(route, m, Uuids.startOf(since)))
              .thenCompose(page -> loadPage(page, m))
              .toCompletableFuture());
    }
    CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .whenComplete((ok, error) -> {
          if (error != null) {
            LOG.log(Level.FINE, "could not load recent SMSC id chunks", error);
            lastReloadStart = 0; // look at the whole window again next time
          }
          mine.complete(null);
        });
    return mine;
  }

  private CompletionStage<Void> loadPage(AsyncResultSet page, long minute) {
    Set<UUID> seen = loadedChunks.computeIfAbsent(minute, m -> ConcurrentHashMap.newKeySet());
    for (Row row : page.currentPage()) {
      if (seen.add(row.getUuid("chunk"))) {
        for (CorrelationChunk.Entry e : CorrelationChunk.decode(row.getByteBuffer("ids"))) {
          cache.put(e.key(), e.sent());
        }
      }
    }
    if (page.hasMorePages()) {
      return page.fetchNextPage().thenCompose(next -> loadPage(next, minute));
    }
    return CompletableFuture.completedFuture(null);
  }

  // --- promotion and recovery -----------------------------------------------------------------

  private void promoteQuietly() {
    try {
      promoteDue(clock.millis() - settings.promoteAfter().toMillis());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not promote SMSC id correlations", e);
    }
  }

  /**
   * Gives a row of its own to every id of this process's chunks written up to {@code cutoff} that
   * is still awaiting its final receipt; ids already answered are forgotten with their chunk.
   */
  private void promoteDue(long cutoff) {
    OwnChunk chunk;
    while ((chunk = ownChunks.peek()) != null && chunk.writtenAt() <= cutoff) {
      ownChunks.poll();
      List<SentMessageRow> rows = new ArrayList<>();
      for (String key : chunk.keys()) {
        SentMessage sent = awaiting.remove(key);
        if (sent != null) {
          rows.add(new SentMessageRow(key, sent));
        }
      }
      promote(chunk.minute(), chunk.chunk(), rows, chunk.stored());
    }
  }

  private record SentMessageRow(String key, SentMessage sent) {}

  /** Writes the rows of their own; true once they (and the chunk's promoted flag) are durable. */
  private CompletableFuture<Boolean> promote(
      long minute, UUID chunk, List<SentMessageRow> rows, boolean markChunk) {
    List<CompletableFuture<Void>> writes = new ArrayList<>(rows.size());
    for (SentMessageRow row : rows) {
      SentMessage s = row.sent();
      writes.add(
          promotions
              .write(
                  route,
                  insert.bind(
                      route,
                      row.key(),
                      s.messageId(),
                      s.campaignId(),
                      s.variant(),
                      s.part(),
                      s.parts()))
              .toCompletableFuture());
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    CompletableFuture<Void> done =
        !markChunk
            ? all
            : all.thenCompose(ok ->
                session
                    .executeAsync(markPromoted.bind(route, minute, chunk).setIdempotent(true))
                    .thenApply(rs -> (Void) null));
    return done.handle((ok, error) -> {
      if (error == null) {
        promoted.addAndGet(rows.size());
        return true;
      }
      // The chunk stays unpromoted: a recovery scan promotes it whole later.
      writeFailures.incrementAndGet();
      LOG.log(Level.FINE, "could not promote SMSC id correlations", error);
      return false;
    });
  }

  private void recoverQuietly() {
    try {
      recoverAbandoned();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not look for abandoned SMSC id chunks", e);
    }
  }

  /**
   * Promotes the unpromoted chunks of every minute whose chunks are all older than twice {@code
   * promoteAfter}: a live writer promotes its own after {@code promoteAfter}, so what is left is a
   * crashed (or failing) writer's, whose ids may still have receipts to come.
   */
  private void recoverAbandoned() {
    long horizon = clock.millis() - 2 * settings.promoteAfter().toMillis();
    long lastComplete = Math.floorDiv(horizon, MINUTE_MILLIS) - 1;
    // After a long stop (or a clock moved forward), only the recovery window is worth reading.
    scannedUpToMinute =
        Math.max(
            scannedUpToMinute, lastComplete - settings.recoveryWindow().toMillis() / MINUTE_MILLIS);
    while (scannedUpToMinute <= lastComplete) {
      long minute = scannedUpToMinute;
      for (Row state : session.execute(selectChunkStates.bind(route, minute))) {
        if (state.getBoolean("promoted")) {
          continue;
        }
        UUID chunk = state.getUuid("chunk");
        Row ids = session.execute(selectChunkIds.bind(route, minute, chunk)).one();
        if (ids == null) {
          continue;
        }
        List<SentMessageRow> rows = new ArrayList<>();
        for (CorrelationChunk.Entry e : CorrelationChunk.decode(ids.getByteBuffer("ids"))) {
          rows.add(new SentMessageRow(e.key(), e.sent()));
        }
        if (!promote(minute, chunk, rows, true).join()) {
          return; // this minute is scanned again next time
        }
        recovered.addAndGet(rows.size());
        LOG.info(
            () -> "route " + route + ": promoted " + rows.size() + " ids of an abandoned chunk");
      }
      scannedUpToMinute = minute + 1;
    }
  }

  // --- figures and lifecycle ------------------------------------------------------------------

  /** Correlations that could not be written (their receipts may become orphans elsewhere). */
  public long writeFailures() {
    return writeFailures.get();
  }

  /**
   * Ids given a durable row of their own because no receipt came within {@code promoteAfter}, or
   * because the dispatcher that wrote their chunk stopped before it could.
   */
  public long promoted() {
    return promoted.get();
  }

  /** Ids promoted from chunks another (crashed) writer left. */
  public long recovered() {
    return recovered.get();
  }

  /** Own ids waiting for a final receipt. */
  public int awaiting() {
    return awaiting.size();
  }

  /**
   * Writes the ids still pending as a last chunk and stops. Ids waiting for their receipt keep
   * their chunks: the route's next dispatcher promotes them once they are old enough.
   */
  @Override
  public void close() {
    flusher.shutdown();
    upkeep.shutdownNow();
    try {
      flusher.awaitTermination(2, TimeUnit.SECONDS);
      flush().get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "could not write the last SMSC id correlations", e);
    }
    promotions.close();
  }
}
