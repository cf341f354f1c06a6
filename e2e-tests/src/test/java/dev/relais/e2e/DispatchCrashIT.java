package dev.relais.e2e;

import static dev.relais.e2e.CrashTests.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.queue.QueuePosition;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Nothing acknowledged is lost": a campaign runs on two dispatch replicas of the quickstart route,
 * one is killed with SIGKILL (no drain, no commit, no lease release) when a third of the messages
 * reached the SMSC, and a replacement starts as a ReplicaSet would start one. Every recipient must
 * still get the message; a recipient may get it twice only if its message was in doubt (sent by the
 * killed replica without its answer recorded), and analytics counts those in doubt per campaign:
 * duplicates seen by the SMSC never exceed the in-doubt count, which never exceeds what one replica
 * can have on the wire (sessions times window). Analytics counts each message resolved once, so the
 * campaign completes only when every recipient got the message.
 *
 * <p>Real processes throughout: every service in its own JVM, real Cassandra, real SMPP to the SMSC
 * simulator; the kill is a real {@code kill -9}.
 */
class DispatchCrashIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String ROUTE = "simulator-fr";
  private static final String CAMPAIGN = "relais-demo/winter-sale";
  private static final int RECIPIENTS = 6_000;
  private static final int ROUTE_TPS = 300;
  private static final int REPLICAS = 2;
  private static final int KILLED_REPLICA = 1;

  private static final PrintStream OUT = System.out;

  private static LocalPlatform platform;
  private static SmppRoute route;
  private static SmscSimulator simulator;
  private static Set<String> recipients;
  private static Instant campaignSubmitted;
  private static Instant killedAt;
  private static long receivedAtKill;
  private static String keyspacePrefix;
  private static Path work;
  private static Map<Integer, String> leasesBeforeKill;
  private static QueueSnapshot atKill;
  private static Set<Integer> killedShards;
  private static Set<String> receivedBeforeKill;
  private static int distinctAtCompletion;
  private static Map<String, List<SubmittedMessage>> received;
  private static CampaignStatus status;
  private static CampaignStats stats;
  private static Instant takeover;

  @BeforeAll
  static void killADispatcherMidCampaign() throws Exception {
    Instant t0 = Instant.now();
    Manifests manifests = Manifests.load(EXAMPLES);
    route = manifests.routes().get(0);
    assertThat(route.getMetadata().getName()).isEqualTo(ROUTE);
    // Slow enough that the kill lands well inside the campaign.
    route.getSpec().maxTps = ROUTE_TPS;
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    work = Path.of("target/e2e-dispatch-crash");
    keyspacePrefix = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    platform =
        LocalPlatform.start(
            new LocalPlatform.Options(
                work,
                SharedCassandra.contactPoint(),
                keyspacePrefix,
                offset,
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)));
    // The scheduler registers the route's queue shards, which dispatch then leases.
    platform.scheduler().upsertRoute(ManifestTranslator.route(route));
    simulator = platform.deployRoute(route, password, REPLICAS).simulator();
    Instant deployed = Instant.now();

    Path contacts = work.resolve("contacts.csv");
    SyntheticContacts.write(contacts, RECIPIENTS, 2026L, false);
    recipients =
        LongStream.range(0, RECIPIENTS)
            .mapToObj(SyntheticContacts::e164)
            .collect(Collectors.toUnmodifiableSet());
    Campaign campaign = manifests.campaigns().get(0);
    ImportReport report =
        QuickstartCampaign.importContacts(platform, campaign, contacts, Duration.ofMinutes(5));
    assertThat(report.getImported()).isEqualTo(RECIPIENTS);
    Instant imported = Instant.now();

    // Opened now, so that reading the queue right after the kill is quick.
    CqlSession session = CrashTests.cassandraSession(platform);
    campaignSubmitted = Instant.now();
    QuickstartCampaign.start(platform, manifests, campaign);

    Instant firstSubmit = null;
    while (simulator.receivedCount() < RECIPIENTS / 3) {
      if (firstSubmit == null && simulator.receivedCount() > 0) {
        firstSubmit = Instant.now();
      }
      assertThat(Duration.between(campaignSubmitted, Instant.now()))
          .as("a third of the campaign reaches the SMSC")
          .isLessThan(Duration.ofMinutes(5));
      Thread.sleep(20);
    }
    Instant snapshotStart;
    Instant snapshotEnd;
    try (session) {
      leasesBeforeKill = QueueSnapshot.leases(session);
      platform.killDispatcher(ROUTE, KILLED_REPLICA);
      killedAt = Instant.now();
      receivedAtKill = simulator.receivedCount();
      receivedBeforeKill = QuickstartCampaign.receivedByNumber(simulator).keySet();
      // Nobody moves the dead replica's cursors before its leases expire (a lease TTL).
      snapshotStart = Instant.now();
      atKill = QueueSnapshot.read(session);
      snapshotEnd = Instant.now();
    }
    killedShards =
        shardsHeldAccordingToLog(
            work.resolve("logs/dispatch-" + ROUTE + "-" + KILLED_REPLICA + ".log"));
    OUT.printf(
        "DispatchCrashIT: queue read %s to %s after the kill; leases just before the kill"
            + " (shard=owner/ttl s): %s; at the kill: %s%n",
        seconds(killedAt, snapshotStart),
        seconds(killedAt, snapshotEnd),
        leasesBeforeKill,
        atKill.leases());
    // Watched from now on, while the replacement starts (which takes a while on a busy machine).
    java.util.concurrent.CompletableFuture<Instant> takenOver =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return awaitTakeover(leasesBeforeKill, Duration.ofSeconds(90));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
          }
        });
    // As a ReplicaSet would: a new pod for the lost one, with a new identity.
    int replacement = platform.startDispatcher(ROUTE);
    Instant replacementReady = Instant.now();
    takeover = takenOver.join();

    Instant completedAt = awaitCompletion(Duration.ofMinutes(10));
    distinctAtCompletion = QuickstartCampaign.receivedByNumber(simulator).size();
    Instant quiet =
        CrashTests.awaitQuiet(
            platform, simulator, CAMPAIGN, Duration.ofSeconds(5), Duration.ofMinutes(2));
    received = QuickstartCampaign.receivedByNumber(simulator);
    stats = stats();
    status = campaignStatus();

    OUT.printf(
        "%nDispatchCrashIT timings (from test start): platform+route %s, import %s,"
            + " first submit_sm %s after the campaign was submitted, kill -9 of replica %d at %s"
            + " (%s, %d received), replacement replica %d ready %s after the kill, COMPLETED %s"
            + " after the kill, quiet at %s%n",
        seconds(t0, deployed),
        seconds(deployed, imported),
        firstSubmit == null ? "-" : seconds(campaignSubmitted, firstSubmit),
        KILLED_REPLICA,
        seconds(t0, killedAt),
        killedAt,
        receivedAtKill,
        replacement,
        seconds(killedAt, replacementReady),
        seconds(killedAt, completedAt),
        seconds(t0, quiet));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void everyRecipientReceivedTheMessageDespiteTheKill() {
    List<String> missing = recipients.stream().filter(n -> !received.containsKey(n)).toList();
    OUT.printf(
        "DispatchCrashIT: %d recipients, %d received at least once, %d missing %s; %d distinct"
            + " when the campaign first reported COMPLETED%n",
        recipients.size(),
        received.size(),
        missing.size(),
        atKill.describeByShard(missing),
        distinctAtCompletion);
    assertThat(missing.size()).as("recipients who never received the message").isZero();
    assertThat(received.keySet().stream().filter(n -> !recipients.contains(n)).count())
        .as("numbers messaged that are not in the contacts file")
        .isZero();
    assertThat(status.getQueued()).isEqualTo(RECIPIENTS);
  }

  @Test
  void duplicatesAreOnlyMessagesTheKilledReplicaHadSentWithoutCommitting() {
    List<String> duplicated = duplicated();
    Set<String> uncommitted = atKill.behindCursor(killedShards);
    Set<String> sentUncommitted = sentUncommitted();
    List<String> unexplained = duplicated.stream().filter(n -> !uncommitted.contains(n)).toList();
    List<Duration> ageAtKill =
        duplicated.stream()
            .map(n -> Duration.between(received.get(n).get(0).receivedAt(), killedAt))
            .sorted()
            .toList();
    OUT.printf(
        "DispatchCrashIT: the killed replica was dispatching shards %s (its log); behind their"
            + " cursors at the kill: %d messages, %d of them already received by the SMSC %s%n",
        killedShards,
        uncommitted.size(),
        sentUncommitted.size(),
        atKill.describeByShard(sentUncommitted));
    Map<String, Instant> sentBeforeKill = new HashMap<>();
    received.forEach((n, copies) -> {
      if (receivedBeforeKill.contains(n)) {
        sentBeforeKill.put(n, copies.get(0).receivedAt());
      }
    });
    OUT.printf(
        "DispatchCrashIT: cursors of the killed replica at the kill:%s%n",
        atKill.describeCursors(killedShards, sentBeforeKill, killedAt));
    OUT.printf(
        "DispatchCrashIT: %d recipients received the message twice %s; first copies sent %s to %s"
            + " before the kill; %d duplicates not behind a cursor of the killed replica %s%n",
        duplicated.size(),
        atKill.describeByShard(duplicated),
        ageAtKill.isEmpty() ? "-" : ageAtKill.get(0),
        ageAtKill.isEmpty() ? "-" : ageAtKill.get(ageAtKill.size() - 1),
        unexplained.size(),
        atKill.describeByShard(unexplained));
    OUT.printf(
        "DispatchCrashIT: duplicates %d, in doubt (analytics) %d, bound sessions x window %d,"
            + " lost %d, takeover of the killed replica's shards %s after the kill%n",
        duplicated.size(),
        stats.getInDoubt(),
        onTheWire(),
        recipients.stream().filter(n -> !received.containsKey(n)).count(),
        takeover == null ? "-" : seconds(killedAt, takeover));
    // Only a message sent without its answer recorded is sent again, and it is counted.
    assertThat((long) duplicated.size())
        .as("recipients who got the message twice, against the in-doubt count")
        .isLessThanOrEqualTo(stats.getInDoubt());
    assertThat(stats.getInDoubt())
        .as("messages in doubt: at most what one replica has on the wire")
        .isLessThanOrEqualTo(onTheWire());
    assertThat(killedShards).as("shards the killed replica was dispatching").isNotEmpty();
    // Only what the crashed replica had not committed is sent again: nothing it had committed and
    // nothing from the other replicas' shards (their hand-overs are graceful).
    assertThat(unexplained.size())
        .as(
            "duplicates not behind a cursor of the killed replica, by shard: %s",
            atKill.describeByShard(unexplained))
        .isZero();
    // Submits on the wire at the kill reach the SMSC after the snapshot: one window per session.
    assertThat((long) duplicated.size())
        .as("duplicated recipients")
        .isLessThanOrEqualTo(sentUncommitted.size() + onTheWire());
    // One kill, one resend at most: a third copy would mean a resend not caused by the crash.
    assertThat(duplicated.stream().mapToInt(n -> received.get(n).size()).max().orElse(0))
        .as("copies of a duplicated message")
        .isLessThanOrEqualTo(2);
    // The killed replica cannot send after the kill: every duplicate's first copy reached the
    // SMSC before it, give or take what was on the wire.
    assertThat(ageAtKill)
        .as("time from each duplicate's first copy to the kill")
        .allSatisfy(age -> assertThat(age).isGreaterThan(Duration.ofSeconds(-1)));
  }

  @Test
  void analyticsCountsEveryMessageResolvedOnceAndCompletesOnlyWhenAllWereSent() {
    long messagesAccepted = received.values().stream().mapToLong(List::size).sum();
    OUT.printf(
        "DispatchCrashIT: analytics submitted %d, failed %d, expired %d, in doubt %d; SMSC"
            + " accepted %d messages for %d recipients; %d distinct received when COMPLETED%n",
        stats.getSubmitted(),
        stats.getSubmitFailed(),
        stats.getExpired(),
        stats.getInDoubt(),
        messagesAccepted,
        received.size(),
        distinctAtCompletion);
    assertThat(stats.getSubmitted() + stats.getSubmitFailed() + stats.getExpired())
        .as("messages resolved, each once whatever was resent")
        .isEqualTo(RECIPIENTS);
    assertThat(stats.getSubmitted()).isEqualTo(RECIPIENTS);
    assertThat(distinctAtCompletion)
        .as("recipients who had the message when the campaign reported COMPLETED")
        .isEqualTo(RECIPIENTS);
    assertThat(status.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
  }

  private static List<String> duplicated() {
    return received.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Messages of the killed replica's shards behind their cursors that the SMSC had received. */
  private static Set<String> sentUncommitted() {
    Set<String> sent = new HashSet<>(atKill.behindCursor(killedShards));
    sent.retainAll(receivedBeforeKill);
    return sent;
  }

  /** Submits that may be on the wire at any moment: the window of every session of a replica. */
  private static long onTheWire() {
    return (long) route.getSpec().sessions * route.getSpec().windowSize;
  }

  /**
   * Waits until every shard the killed replica leased has another owner; the time it took is the
   * lease TTL at work (the replacement replica may be the one taking them).
   */
  private static Instant awaitTakeover(Map<Integer, String> before, Duration timeout)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    try (CqlSession session = CrashTests.cassandraSession(platform)) {
      while (Instant.now().isBefore(giveUp)) {
        Map<Integer, String> now = QueueSnapshot.leases(session);
        boolean all = true;
        for (int shard : killedShards) {
          String owner = now.get(shard);
          String was = before.get(shard);
          if (owner == null
              || (was != null
                  && owner
                      .substring(0, owner.lastIndexOf('/'))
                      .equals(was.substring(0, was.lastIndexOf('/'))))) {
            all = false;
          }
        }
        if (all) {
          return Instant.now();
        }
        Thread.sleep(100);
      }
    }
    return null;
  }

  private static Instant awaitCompletion(Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    Instant lastLine = Instant.EPOCH;
    while (true) {
      CampaignStatus s = campaignStatus();
      Instant now = Instant.now();
      if (s.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED) {
        OUT.printf("[%s] COMPLETED: %s%n", seconds(campaignSubmitted, now), s.getMessage());
        return now;
      }
      assertThat(s.getPhase()).isNotEqualTo(CampaignPhase.CAMPAIGN_PHASE_FAILED);
      assertThat(now).as("campaign completed in time, phase " + s.getPhase()).isBefore(giveUp);
      if (Duration.between(lastLine, now).toSeconds() >= 3) {
        CampaignStats st = stats();
        OUT.printf(
            "[%s] %s queued %d, analytics submitted %d, SMSC received %d%n",
            seconds(campaignSubmitted, now),
            s.getPhase(),
            s.getQueued(),
            st.getSubmitted(),
            simulator.receivedCount());
        lastLine = now;
      }
      Thread.sleep(250);
    }
  }

  private static CampaignStatus campaignStatus() {
    return platform
        .scheduler()
        .getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build());
  }

  private static CampaignStats stats() {
    return CrashTests.stats(platform, CAMPAIGN);
  }

  /**
   * Shards the process whose log this is was dispatching when it died: "dispatching shard N" adds
   * N, "lease on shard N lost" removes it. A shard being handed over stays: until released, what it
   * has not committed is its own.
   */
  private static Set<Integer> shardsHeldAccordingToLog(Path log) throws java.io.IOException {
    Pattern line = Pattern.compile("(dispatching shard|lease on shard) (\\d+)( lost)?");
    Set<Integer> shards = new TreeSet<>();
    for (String text : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = line.matcher(text);
      if (m.find()) {
        int shard = Integer.parseInt(m.group(2));
        if (m.group(3) == null) {
          shards.add(shard);
        } else {
          shards.remove(shard);
        }
      }
    }
    return shards;
  }

  /**
   * The route's queue as stored at one moment: lease owner and remaining TTL per shard, each
   * shard's persisted cursor, and where every queued message sits.
   */
  private record QueueSnapshot(
      Map<Integer, String> leases,
      Map<Integer, QueuePosition> cursors,
      Map<String, Integer> shardOf,
      Map<String, QueuePosition> positionOf) {

    /** Lease owner and remaining TTL (seconds) per shard, as "owner/ttl". */
    static Map<Integer, String> leases(CqlSession session) {
      Map<Integer, String> leases = new TreeMap<>();
      for (Row row :
          session.execute(
              "SELECT shard, owner, TTL(owner) AS ttl FROM "
                  + keyspacePrefix
                  + "_queue.leases WHERE route = ?",
              ROUTE)) {
        leases.put(
            row.getInt("shard"),
            row.getString("owner") + "/" + (row.isNull("ttl") ? "-" : row.getInt("ttl")));
      }
      return leases;
    }

    static QueueSnapshot read(CqlSession session) {
      String ks = keyspacePrefix + "_queue";
      Map<Integer, String> leases = leases(session);
      Map<Integer, QueuePosition> cursors = new TreeMap<>();
      for (Row row :
          session.execute(
              "SELECT shard, bucket, seq FROM " + ks + ".cursors WHERE route = ?", ROUTE)) {
        cursors.put(
            row.getInt("shard"), new QueuePosition(row.getLong("bucket"), row.getUuid("seq")));
      }
      Map<String, Integer> shardOf = new HashMap<>();
      Map<String, QueuePosition> positionOf = new HashMap<>();
      for (int shard = 0; shard < route.getSpec().shards; shard++) {
        for (Row bucket :
            session.execute(
                "SELECT bucket FROM " + ks + ".buckets WHERE route = ? AND shard = ?",
                ROUTE,
                shard)) {
          long b = bucket.getLong("bucket");
          for (Row m :
              session.execute(
                  "SELECT seq, destination FROM "
                      + ks
                      + ".messages WHERE route = ? AND shard = ? AND bucket = ?",
                  ROUTE,
                  shard,
                  b)) {
            String number = "+" + m.getString("destination").replaceFirst("^\\+", "");
            shardOf.put(number, shard);
            positionOf.put(number, new QueuePosition(b, m.getUuid("seq")));
          }
        }
      }
      return new QueueSnapshot(leases, cursors, shardOf, positionOf);
    }

    /** Destinations of the messages of {@code shards} after their persisted cursor. */
    Set<String> behindCursor(Set<Integer> shards) {
      Set<String> numbers = new HashSet<>();
      shardOf.forEach((number, shard) -> {
        QueuePosition cursor = cursors.get(shard);
        if (shards.contains(shard)
            && (cursor == null || positionOf.get(number).compareTo(cursor) > 0)) {
          numbers.add(number);
        }
      });
      return numbers;
    }

    /**
     * Per shard, where its cursor stood at the kill: messages committed, whether the first message
     * after the cursor had reached the SMSC (and how long before the kill), and how many messages
     * after it had. A first message still unsent behind sent ones holds the cursor back.
     */
    String describeCursors(Set<Integer> shards, Map<String, Instant> sentAt, Instant kill) {
      StringBuilder text = new StringBuilder();
      for (int shard : shards) {
        QueuePosition cursor = cursors.get(shard);
        List<String> inOrder =
            shardOf.entrySet().stream()
                .filter(e -> e.getValue() == shard)
                .map(Map.Entry::getKey)
                .sorted(java.util.Comparator.comparing(positionOf::get))
                .toList();
        List<String> after =
            inOrder.stream()
                .filter(n -> cursor == null || positionOf.get(n).compareTo(cursor) > 0)
                .toList();
        String next =
            after.isEmpty()
                ? "none"
                : sentAt.containsKey(after.get(0))
                    ? "sent " + seconds(sentAt.get(after.get(0)), kill) + " before"
                    : "unsent";
        text.append(
            String.format(
                "%n  shard %d: %d of %d committed, next %s, %d after it sent",
                shard,
                inOrder.size() - after.size(),
                inOrder.size(),
                next,
                after.stream().skip(1).filter(sentAt::containsKey).count()));
      }
      return text.toString();
    }

    /** Counts per shard (numbers stay out of the output: they are personal data). */
    String describeByShard(java.util.Collection<String> numbers) {
      return numbers.stream()
          .collect(
              Collectors.groupingBy(
                  n -> String.valueOf(shardOf.getOrDefault(n, -1)),
                  TreeMap::new,
                  Collectors.counting()))
          .toString();
    }
  }
}
