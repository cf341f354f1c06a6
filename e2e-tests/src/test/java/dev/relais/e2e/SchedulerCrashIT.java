package dev.relais.e2e;

import static dev.relais.e2e.CrashTests.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
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
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "A scheduler crash never sends a page twice": a campaign is expanded in small pages, the
 * scheduler is killed with SIGKILL (no page finished, no progress saved, no campaign lease
 * released) while it is expanding, and started again as a Deployment would. The kill lands where a
 * crash hurts: the scheduler is frozen (SIGSTOP) until the queue holds messages of a page whose
 * progress is not saved, and killed there. The restarted scheduler expands that page again and must
 * complete it without queueing copies. Every recipient gets the message exactly once, and analytics
 * and the campaign's status count each message once.
 *
 * <p>Real processes throughout: every service in its own JVM, real Cassandra, real SMPP to the SMSC
 * simulator; the kill is a real {@code kill -9}.
 */
class SchedulerCrashIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String CAMPAIGN = "relais-demo/winter-sale";
  private static final int RECIPIENTS = 4_000;

  /** Small pages make expansion take seconds, so the kill lands in the middle of it. */
  private static final int PAGE = 40;

  private static final PrintStream OUT = System.out;

  private static LocalPlatform platform;
  private static SmscSimulator simulator;
  private static Set<String> recipients;
  private static Instant campaignSubmitted;
  private static long savedAtKill;
  private static long rowsAtKill;
  private static int freezes;
  private static Map<String, List<SubmittedMessage>> received;
  private static CampaignStatus status;
  private static CampaignStats stats;

  @BeforeAll
  static void killTheSchedulerMidExpansion() throws Exception {
    Instant t0 = Instant.now();
    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    Path work = Path.of("target/e2e-scheduler-crash");
    String keyspacePrefix = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    platform =
        LocalPlatform.start(
            new LocalPlatform.Options(
                    work,
                    SharedCassandra.contactPoint(),
                    keyspacePrefix,
                    offset,
                    b -> {},
                    new PrintStream(OUT, true, StandardCharsets.UTF_8))
                .withServiceEnvironment(
                    "scheduler",
                    Map.of(
                        "SCHEDULER_PAGE",
                        Integer.toString(PAGE),
                        // The restarted scheduler resumes once the killed one's lease expires.
                        "SCHEDULER_LEASE",
                        "PT8S")));
    platform.scheduler().upsertRoute(ManifestTranslator.route(route));
    simulator = platform.deployRoute(route, password, 1).simulator();

    Path contacts = work.resolve("contacts.csv");
    SyntheticContacts.write(contacts, RECIPIENTS, 2027L, false);
    recipients =
        LongStream.range(0, RECIPIENTS)
            .mapToObj(SyntheticContacts::e164)
            .collect(Collectors.toUnmodifiableSet());
    Campaign campaign = manifests.campaigns().get(0);
    ImportReport report =
        QuickstartCampaign.importContacts(platform, campaign, contacts, Duration.ofMinutes(5));
    assertThat(report.getImported()).isEqualTo(RECIPIENTS);
    Instant imported = Instant.now();

    // Opened now: opening it after the campaign starts would take a good part of its expansion.
    CqlSession session = CrashTests.cassandraSession(platform);
    campaignSubmitted = Instant.now();
    QuickstartCampaign.start(platform, manifests, campaign);

    // Once a fifth of the audience is queued, the scheduler is frozen (SIGSTOP) again and again
    // until it stands where a crash hurts: the queue holds messages of a page whose progress is not
    // saved yet. Then it is killed (SIGKILL) right there.
    CampaignStatus s = campaignStatus();
    while (s.getQueued() < RECIPIENTS / 5) {
      assertThat(s.getExpansionComplete())
          .as("expansion still running when a fifth is queued")
          .isFalse();
      assertThat(Duration.between(campaignSubmitted, Instant.now()))
          .as("a fifth of the audience queued")
          .isLessThan(Duration.ofMinutes(3));
      Thread.sleep(5);
      s = campaignStatus();
    }
    Random pause = new Random(19);
    try (session) {
      while (true) {
        platform.freezeScheduler();
        Thread.sleep(200); // writes it had sent land in Cassandra before we look
        savedAtKill = savedProgress(session, keyspacePrefix);
        rowsAtKill = queueRows(session, keyspacePrefix);
        if (rowsAtKill > savedAtKill) {
          break;
        }
        assertThat(savedAtKill)
            .as("messages saved as queued before the kill")
            .isLessThan(RECIPIENTS - PAGE);
        freezes++;
        platform.thawScheduler();
        Thread.sleep(pause.nextInt(25));
      }
    }
    platform.killScheduler();
    Instant killedAt = Instant.now();
    long receivedAtKill = simulator.receivedCount();

    platform.restartScheduler();
    Instant restarted = Instant.now();
    Instant completedAt = awaitCompletion(Duration.ofMinutes(5));
    Instant quiet =
        CrashTests.awaitQuiet(
            platform, simulator, CAMPAIGN, Duration.ofSeconds(5), Duration.ofMinutes(2));
    received = QuickstartCampaign.receivedByNumber(simulator);
    stats = stats();
    status = campaignStatus();
    String resumed =
        Files.readAllLines(work.resolve("logs/scheduler.log"), StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains("resuming a page"))
            .map(line -> line.substring(line.indexOf("resuming")))
            .findFirst()
            .orElse("no resumed page in its log");

    OUT.printf(
        "%nSchedulerCrashIT timings (from test start): import done %s, kill -9 of the scheduler"
            + " %s after the campaign was submitted, at freeze %d (%d messages saved as"
            + " queued of %d, %d in the queue, pages of %d, %d received by the SMSC), restarted %s"
            + " after the kill, COMPLETED %s after the kill, quiet at %s;"
            + " restarted scheduler: %s%n",
        seconds(t0, imported),
        seconds(campaignSubmitted, killedAt),
        freezes + 1,
        savedAtKill,
        RECIPIENTS,
        rowsAtKill,
        PAGE,
        receivedAtKill,
        seconds(killedAt, restarted),
        seconds(killedAt, completedAt),
        seconds(t0, quiet),
        resumed);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theKillLandedWithAPageQueuedButNotRecorded() {
    assertThat(savedAtKill).isBetween((long) RECIPIENTS / 5, (long) RECIPIENTS - PAGE);
    assertThat(rowsAtKill - savedAtKill).isBetween(1L, (long) PAGE);
  }

  @Test
  void everyRecipientReceivedTheMessageExactlyOnce() {
    List<String> duplicated =
        received.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .map(Map.Entry::getKey)
            .toList();
    long missing = recipients.stream().filter(n -> !received.containsKey(n)).count();
    long copies = received.values().stream().mapToLong(List::size).sum();
    OUT.printf(
        "SchedulerCrashIT: %d recipients, %d received, %d missing, %d received it more than once,"
            + " %d messages accepted by the SMSC%n",
        recipients.size(), received.size(), missing, duplicated.size(), copies);
    assertThat(duplicated.size()).as("recipients who got the message more than once").isZero();
    assertThat(missing).as("recipients who never received the message").isZero();
    assertThat(received.keySet()).isEqualTo(recipients);
    assertThat(copies).as("messages accepted by the SMSC").isEqualTo(RECIPIENTS);
  }

  @Test
  void analyticsAndTheCampaignCountEachMessageOnce() {
    OUT.printf(
        "SchedulerCrashIT: status audience %d, queued %d, phase %s (%s); analytics submitted %d,"
            + " failed %d, expired %d, in doubt %d%n",
        status.getAudience(),
        status.getQueued(),
        status.getPhase(),
        status.getMessage(),
        stats.getSubmitted(),
        stats.getSubmitFailed(),
        stats.getExpired(),
        stats.getInDoubt());
    assertThat(status.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
    assertThat(status.getAudience()).isEqualTo(RECIPIENTS);
    assertThat(status.getQueued()).isEqualTo(RECIPIENTS);
    assertThat(stats.getSubmitted()).as("analytics: submitted").isEqualTo(RECIPIENTS);
    assertThat(stats.getSubmitFailed() + stats.getExpired() + stats.getInDoubt()).isZero();
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
        OUT.printf(
            "[%s] %s queued %d, analytics submitted %d, SMSC received %d: %s%n",
            seconds(campaignSubmitted, now),
            s.getPhase(),
            s.getQueued(),
            stats().getSubmitted(),
            simulator.receivedCount(),
            s.getMessage());
        lastLine = now;
      }
      Thread.sleep(250);
    }
  }

  /** The campaign's status; while the scheduler restarts, the last answer is asked again. */
  private static CampaignStatus campaignStatus() throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return platform
            .scheduler()
            .getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build());
      } catch (StatusRuntimeException e) {
        if (attempt >= 20) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private static CampaignStats stats() {
    return CrashTests.stats(platform, CAMPAIGN);
  }

  /** Messages the campaign's saved progress counts as queued, as stored. */
  private static long savedProgress(CqlSession session, String keyspacePrefix) {
    Row row =
        session
            .execute(
                "SELECT queued FROM " + keyspacePrefix + "_scheduler.campaigns WHERE id = ?",
                CAMPAIGN)
            .one();
    return row == null ? 0 : row.getLong("queued");
  }

  /** Messages in the queue (one campaign runs here), as stored. */
  private static long queueRows(CqlSession session, String keyspacePrefix) {
    return session
        .execute(
            SimpleStatement.newInstance(
                    "SELECT COUNT(*) FROM " + keyspacePrefix + "_queue.messages")
                .setTimeout(Duration.ofSeconds(30)))
        .one()
        .getLong(0);
  }
}
