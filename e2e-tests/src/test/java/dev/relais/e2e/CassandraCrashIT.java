package dev.relais.e2e;

import static dev.relais.e2e.CrashTests.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.local.cassandra.EmbeddedCassandra;
import dev.relais.local.cassandra.RunningCassandra;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.queue.QueuePosition;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "A Cassandra crash loses nothing and sends nothing twice uncounted": a campaign is sending when
 * the platform's only Cassandra node is killed with SIGKILL, stays down a while, and is started
 * again on the same data. Every recipient must get the message; a recipient may get it twice only
 * if its message was counted in doubt; and the campaign must complete with every message counted
 * once.
 *
 * <p>The test runs its own Cassandra node (the shared one of the test run must not be killed), with
 * its commit log synced before a write is acknowledged, as a single node must be to keep what it
 * acknowledged (a production cluster's quorum does the same): with Cassandra's periodic default the
 * killed node forgets its last seconds of writes, and with them answers, counts and opt-outs. Real
 * processes throughout: every service in its own JVM, real SMPP to the SMSC simulator; the kill is
 * a real {@code kill -9}.
 */
class CassandraCrashIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String CAMPAIGN = "relais-demo/winter-sale";
  private static final int RECIPIENTS = 6_000;
  private static final int ROUTE_TPS = 300;

  /** How long the node stays down before it is started again (its restart takes longer). */
  private static final Duration OUTAGE = Duration.ofSeconds(5);

  private static final PrintStream OUT = System.out;

  private static Path work;
  private static RunningCassandra cassandra;
  private static int cqlPort;
  private static LocalPlatform platform;
  private static SmscSimulator simulator;
  private static Set<String> recipients;
  private static long receivedAtKill;
  private static Map<String, List<SubmittedMessage>> received;
  private static CampaignStatus status;
  private static CampaignStats stats;
  private static Instant killedAt;
  private static String keyspacePrefix;

  /** Recipients whose message analytics recorded as in doubt. */
  private static Set<String> inDoubt;

  @BeforeAll
  static void killCassandraMidDispatch() throws Exception {
    Instant t0 = Instant.now();
    work = Path.of("target/e2e-cassandra-crash");
    try (ServerSocket probe = new ServerSocket(0)) {
      cqlPort = probe.getLocalPort();
    }
    cassandra = startCassandra();
    Instant cassandraUp = Instant.now();

    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    route.getSpec().maxTps = ROUTE_TPS; // slow enough that the kill lands mid-campaign
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    keyspacePrefix = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    platform =
        LocalPlatform.start(
            new LocalPlatform.Options(
                work,
                cassandra.contactPoint(),
                keyspacePrefix,
                offset,
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)));
    platform.scheduler().upsertRoute(ManifestTranslator.route(route));
    simulator = platform.deployRoute(route, password, 1).simulator();

    Path contacts = work.resolve("contacts.csv");
    SyntheticContacts.write(contacts, RECIPIENTS, 2028L, false);
    recipients =
        LongStream.range(0, RECIPIENTS)
            .mapToObj(SyntheticContacts::e164)
            .collect(Collectors.toUnmodifiableSet());
    Campaign campaign = manifests.campaigns().get(0);
    ImportReport report =
        QuickstartCampaign.importContacts(platform, campaign, contacts, Duration.ofMinutes(5));
    assertThat(report.getImported()).isEqualTo(RECIPIENTS);
    Instant submitted = Instant.now();
    QuickstartCampaign.start(platform, manifests, campaign);

    while (simulator.receivedCount() < RECIPIENTS / 3) {
      assertThat(Duration.between(submitted, Instant.now()))
          .as("a third of the campaign reaches the SMSC")
          .isLessThan(Duration.ofMinutes(5));
      Thread.sleep(20);
    }
    ProcessHandle.of(cassandra.pid()).orElseThrow().destroyForcibly();
    killedAt = Instant.now();
    receivedAtKill = simulator.receivedCount();
    cassandra.close(); // the process is gone: this only gives its data directory back
    Thread.sleep(OUTAGE.toMillis());
    long receivedWhileDown = simulator.receivedCount() - receivedAtKill;
    cassandra = startCassandra();
    Instant restarted = Instant.now();

    Instant completedAt = awaitCompletion(Duration.ofMinutes(10));
    awaitQuiet(Duration.ofSeconds(5), Duration.ofMinutes(2));
    received = QuickstartCampaign.receivedByNumber(simulator);
    stats = stats();
    status = campaignStatus();
    inDoubt = inDoubtRecipients();
    OUT.printf(
        "%nCassandraCrashIT timings (from test start): Cassandra up %s, kill -9 of Cassandra at %s"
            + " (%d received by the SMSC), %d received while it was down, restarted %s after the"
            + " kill, COMPLETED %s after the kill%n",
        seconds(t0, cassandraUp),
        seconds(t0, killedAt),
        receivedAtKill,
        receivedWhileDown,
        seconds(killedAt, restarted),
        completedAt == null ? "never" : seconds(killedAt, completedAt));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
    if (cassandra != null) {
      cassandra.close();
    }
  }

  @Test
  void everyRecipientReceivedTheMessage() {
    List<String> missing = recipients.stream().filter(n -> !received.containsKey(n)).toList();
    if (!missing.isEmpty()) {
      OUT.println("CassandraCrashIT: where the unsent messages sit: " + whereInTheQueue(missing));
    }
    assertThat(missing.size()).as("recipients who never received the message").isZero();
    assertThat(received.keySet()).as("numbers messaged").isSubsetOf(recipients);
  }

  @Test
  void duplicatesStayWithinTheInDoubtCount() {
    long duplicated = received.values().stream().filter(copies -> copies.size() > 1).count();
    OUT.printf(
        "CassandraCrashIT: %d recipients received the message twice or more; analytics: in doubt"
            + " %d, submitted %d, failed %d, expired %d%n",
        duplicated,
        stats.getInDoubt(),
        stats.getSubmitted(),
        stats.getSubmitFailed(),
        stats.getExpired());
    received.forEach((number, copies) -> {
      if (copies.size() > 1 && !inDoubt.contains(number)) {
        OUT.printf(
            "CassandraCrashIT: duplicate not counted in doubt: copies at %s from the kill%n",
            copies.stream().map(c -> seconds(killedAt, c.receivedAt())).toList());
      }
    });
    assertThat(duplicated)
        .as("recipients who got the message twice, against the in-doubt count")
        .isLessThanOrEqualTo(stats.getInDoubt());
    assertThat(
            received.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 && !inDoubt.contains(e.getKey()))
                .count())
        .as("recipients who got the message twice without analytics recording it in doubt")
        .isZero();
  }

  @Test
  void theCampaignCompletesWithEveryMessageCountedOnce() {
    assertThat(status.getPhase())
        .as("campaign phase: %s", status.getMessage())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
    assertThat(status.getQueued()).isEqualTo(RECIPIENTS);
    assertThat(stats.getSubmitted() + stats.getSubmitFailed() + stats.getExpired())
        .as("messages resolved, each once")
        .isEqualTo(RECIPIENTS);
    assertThat(stats.getSubmitted()).isEqualTo(RECIPIENTS);
  }

  /**
   * For diagnosis: per shard, how many of these numbers' messages it holds and whether they sit
   * behind its committed cursor (skipped) or after it (never read again by the holder).
   */
  private static String whereInTheQueue(List<String> numbers) {
    Set<String> wanted =
        numbers.stream().map(n -> n.replaceFirst("^\\+", "")).collect(Collectors.toSet());
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", cqlPort))
            .withLocalDatacenter(EmbeddedCassandra.LOCAL_DATACENTER)
            .build()) {
      Map<Integer, Row> cursors = new HashMap<>();
      for (Row row :
          session.execute("SELECT shard, bucket, seq FROM " + keyspacePrefix + "_queue.cursors")) {
        cursors.put(row.getInt("shard"), row);
      }
      Map<String, Long> where = new TreeMap<>();
      for (Row row :
          session.execute(
              "SELECT shard, bucket, seq, destination FROM "
                  + keyspacePrefix
                  + "_queue.messages")) {
        if (!wanted.contains(row.getString("destination").replaceFirst("^\\+", ""))) {
          continue;
        }
        Row cursor = cursors.get(row.getInt("shard"));
        String side =
            cursor == null
                ? "no cursor"
                : new QueuePosition(row.getLong("bucket"), row.getUuid("seq"))
                            .compareTo(
                                new QueuePosition(cursor.getLong("bucket"), cursor.getUuid("seq")))
                        <= 0
                    ? "behind its cursor"
                    : "after its cursor";
        where.merge("shard " + row.getInt("shard") + " " + side, 1L, Long::sum);
      }
      return where.toString();
    } catch (RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  /** The recipients of the messages analytics recorded an IN_DOUBT event for. */
  private static Set<String> inDoubtRecipients() {
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", cqlPort))
            .withLocalDatacenter(EmbeddedCassandra.LOCAL_DATACENTER)
            .build()) {
      Set<String> messages = new HashSet<>();
      for (Row row :
          session.execute(
              "SELECT message_id, type FROM " + keyspacePrefix + "_analytics.message_events")) {
        if (row.getString("type").toUpperCase(Locale.ROOT).contains("DOUBT")) {
          messages.add(row.getString("message_id"));
        }
      }
      Set<String> numbers = new HashSet<>();
      for (Row row :
          session.execute(
              "SELECT message_id, destination FROM " + keyspacePrefix + "_queue.messages")) {
        if (messages.contains(row.getUuid("message_id").toString())) {
          numbers.add("+" + row.getString("destination").replaceFirst("^\\+", ""));
        }
      }
      return numbers;
    }
  }

  private static RunningCassandra startCassandra() {
    return EmbeddedCassandra.builder()
        // Outside the platform's work directory, which the platform empties when it starts.
        .dataDirectory(Path.of("target/e2e-cassandra-crash-node"))
        .cqlPort(cqlPort)
        .heapSize("1g")
        // As a production cluster's quorum does, the node keeps every write it acknowledged.
        .syncedCommits()
        .build()
        .start();
  }

  /** The instant the campaign reported COMPLETED, or null if it did not within {@code timeout}. */
  private static Instant awaitCompletion(Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    Instant lastLine = Instant.EPOCH;
    while (Instant.now().isBefore(giveUp)) {
      CampaignStatus s = campaignStatus();
      Instant now = Instant.now();
      if (s.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED) {
        return now;
      }
      if (Duration.between(lastLine, now).toSeconds() >= 5) {
        OUT.printf(
            "CassandraCrashIT: %s, %s; SMSC received %d%n",
            s.getPhase(), s.getMessage(), simulator.receivedCount());
        lastLine = now;
      }
      Thread.sleep(500);
    }
    return null;
  }

  /** Waits until neither the SMSC nor analytics has counted anything new for {@code calm}. */
  private static void awaitQuiet(Duration calm, Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    String last = "";
    Instant changed = Instant.now();
    while (Instant.now().isBefore(giveUp)
        && Duration.between(changed, Instant.now()).compareTo(calm) < 0) {
      String now = simulator.receivedCount() + "/" + stats().getSubmitted();
      if (!now.equals(last)) {
        last = now;
        changed = Instant.now();
      }
      Thread.sleep(250);
    }
  }

  private static CampaignStatus campaignStatus() throws InterruptedException {
    return retried(() ->
        platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build()));
  }

  private static CampaignStats stats() throws InterruptedException {
    return retried(() ->
        platform
            .analytics()
            .getCampaignStats(
                GetCampaignStatsRequest.newBuilder().setCampaignId(CAMPAIGN).build()));
  }

  /** Asks again while a service answers errors: Cassandra may still be coming back. */
  private static <T> T retried(Supplier<T> call) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (attempt >= 60) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }
}
