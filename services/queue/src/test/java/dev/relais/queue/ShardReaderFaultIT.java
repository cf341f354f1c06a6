package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shard reader whose reads fail (Cassandra restarting, a timeout while it comes back) loses
 * nothing: the failed poll moves no position, and the next one returns the same messages with what
 * the previous holder recorded about them.
 */
class ShardReaderFaultIT {

  private static final AtomicReference<Instant> NOW =
      new AtomicReference<>(Instant.parse("2026-11-23T09:00:05Z"));
  private static final Clock CLOCK = ThreeRouteQueue.movableClock(NOW);

  private static CqlSession session;
  private static FailingOnce faults;
  private static DispatchQueue queue;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    keyspace = "it_qfault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-fault-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    faults = new FailingOnce(session);
    CqlSession failing =
        (CqlSession)
            Proxy.newProxyInstance(
                CqlSession.class.getClassLoader(), new Class<?>[] {CqlSession.class}, faults);
    queue = DispatchQueue.open(failing, QueueSettings.from(config), CLOCK);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void aRecoveryReadThatFailsReturnsTheSameMessagesOnTheNextPoll() {
    List<QueuedMessage> read = crashedHolder("route-recovery-read", 30, 20);

    ShardReader next = queue.reader("route-recovery-read", 0);
    faults.failNext("FROM " + keyspace + ".outcome_chunks");
    assertThatThrownBy(() -> next.poll(100)).isInstanceOf(DriverTimeoutException.class);

    List<QueuedMessage> resumed = drain(next);
    assertThat(resumed)
        .extracting(QueuedMessage::messageId)
        .as("every message after the cursor, each once")
        .containsExactlyElementsOf(read.stream().skip(5).map(QueuedMessage::messageId).toList());
    assertThat(resumed.stream().filter(m -> m.prior().kind() == PriorAttempt.Kind.IN_DOUBT))
        .as("marked by the crashed holder and never answered")
        .hasSize(15);
  }

  @Test
  void aHolderWhoseStartFailsStillChecksWhatTheCrashedOneMayHaveSent() {
    List<QueuedMessage> read = crashedHolder("route-start", 30, 20);

    ShardReader next = queue.reader("route-start", 0);
    faults.failNext("FROM " + keyspace + ".send_marks");
    assertThatThrownBy(() -> next.poll(100)).isInstanceOf(DriverTimeoutException.class);

    List<QueuedMessage> resumed = drain(next);
    assertThat(resumed).hasSize(25);
    assertThat(resumed.stream().filter(m -> m.prior().kind() == PriorAttempt.Kind.IN_DOUBT))
        .as("sent, maybe, by the crashed holder: not taken for never sent")
        .hasSize(15);
  }

  @Test
  void aFailedSweepLosesNoLateMessage() {
    queue.registerRoute("route-sweep", 1);
    NOW.set(NOW.get().plus(Duration.ofHours(3)));
    Instant now = NOW.get();
    queue
        .writer()
        .enqueue(List.of(message("route-sweep", now.plusSeconds(1))))
        .toCompletableFuture()
        .join();
    NOW.set(now.plusSeconds(2));
    ShardReader reader = queue.reader("route-sweep", 0);
    assertThat(drain(reader)).hasSize(1);

    // A write that took long lands behind the reader: only the sweep can find it.
    AtomicReference<Instant> slowClock = new AtomicReference<>(now.plusMillis(500));
    DispatchQueue slow =
        DispatchQueue.open(session, queue.settings(), ThreeRouteQueue.movableClock(slowClock));
    OutgoingMessage late = message("route-sweep", now);
    slow.writer().enqueue(List.of(late)).toCompletableFuture().join();

    NOW.set(now.plus(queue.settings().lookback()).plusSeconds(3));
    faults.failNext("seq IN");
    assertThatThrownBy(() -> reader.poll(100)).isInstanceOf(DriverTimeoutException.class);
    NOW.set(NOW.get().plusSeconds(2));
    assertThat(drain(reader))
        .extracting(QueuedMessage::messageId)
        .containsExactly(late.messageId());
  }

  /**
   * A holder of a new one-shard route that read {@code count} messages, committed the first 5 and
   * marked the first {@code marked} as possibly sent before it died.
   */
  private static List<QueuedMessage> crashedHolder(String route, int count, int marked) {
    queue.registerRoute(route, 1);
    NOW.set(NOW.get().plus(Duration.ofHours(2)));
    Instant now = NOW.get();
    List<OutgoingMessage> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(message(route, now));
    }
    queue.writer().enqueue(batch).toCompletableFuture().join();
    NOW.set(now.plusSeconds(1));
    ShardReader first = queue.reader(route, 0);
    List<QueuedMessage> read = first.poll(count);
    assertThat(read).hasSize(count);
    first.commit(read.get(4).position(), 5).toCompletableFuture().join();
    first.markSending(read.get(marked - 1).position());
    return read;
  }

  private static List<QueuedMessage> drain(ShardReader reader) {
    List<QueuedMessage> all = new ArrayList<>();
    for (List<QueuedMessage> page = reader.poll(100); !page.isEmpty(); page = reader.poll(100)) {
      all.addAll(page);
    }
    return all;
  }

  private static OutgoingMessage message(String route, Instant notBefore) {
    return new OutgoingMessage(
        UUID.randomUUID(),
        "ns/campaign",
        route,
        "+33612345678",
        "RELAIS",
        "Bonjour",
        notBefore,
        notBefore.plus(Duration.ofHours(6)),
        "",
        false,
        1);
  }

  /** A session that times out once on the next statement whose query contains a given text. */
  private static final class FailingOnce implements InvocationHandler {

    private final CqlSession real;
    private volatile String failOn;

    FailingOnce(CqlSession real) {
      this.real = real;
    }

    void failNext(String queryPart) {
      failOn = queryPart;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String part = failOn;
      if (part != null
          && method.getName().startsWith("execute")
          && args != null
          && args.length > 0
          && args[0] instanceof BoundStatement bound
          && bound.getPreparedStatement().getQuery().contains(part)) {
        failOn = null;
        throw new DriverTimeoutException("injected: Cassandra did not answer in time");
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
