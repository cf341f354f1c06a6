package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A queue in a keyspace of its own on the shared Cassandra, with routes orange (4 shards), sfr (2)
 * and bouygues (1), read with a clock the test moves by hand: what the erasure and export tests
 * share.
 */
final class ThreeRouteQueue implements AutoCloseable {

  static final Instant NOW = Instant.parse("2026-11-23T10:00:05Z");

  final AtomicReference<Instant> clock = new AtomicReference<>(NOW);
  final String keyspace;
  final CqlSession session;
  final DispatchQueue queue;

  ThreeRouteQueue(String name) {
    keyspace = "it_" + name + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-" + name + "-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    queue = DispatchQueue.open(session, QueueSettings.from(config), movableClock(clock));
    queue.registerRoute("orange", 4);
    queue.registerRoute("sfr", 2);
    queue.registerRoute("bouygues", 1);
  }

  /** A clock reading {@code now}, which the test moves by hand. */
  static Clock movableClock(AtomicReference<Instant> now) {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  /** A single-part marketing message of ns/spring-sale, valid two days from {@code notBefore}. */
  static OutgoingMessage message(String route, String to, Instant notBefore) {
    return new OutgoingMessage(
        UUID.randomUUID(),
        "ns/spring-sale",
        route,
        to,
        "RELAIS",
        "Bonjour, -20% ce week-end. STOP 36111",
        notBefore,
        notBefore.plus(Duration.ofDays(2)),
        "",
        true,
        1);
  }

  @Override
  public void close() {
    session.close();
  }
}
