package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.OptOutRequest;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * "No marketing send after the opt-out is recorded", whatever the clocks say: contacts runs under
 * libfaketime (the Debian package {@code faketime}), and while a campaign is sending, its clock is
 * stepped 5 minutes back, then 5 minutes ahead of real time, then back to it, as an NTP step or a
 * paused VM would. After each step, contacts that have not received the message yet opt out through
 * the {@code OptOut} API; none of them may receive it later than the stated bound (one poll of the
 * opt-out log, 1 s, plus the read and the submit already on the wire), and each one that did not
 * receive it is counted as opted out by analytics.
 *
 * <p>Real processes: every service in its own JVM, real Cassandra, real SMPP to the simulator.
 */
class OptOutClockSkewIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String ROUTE = "simulator-fr";
  private static final String CAMPAIGN = "relais-demo/winter-sale";
  private static final int RECIPIENTS = 1_200;
  private static final int ROUTE_TPS = 30;
  private static final int OPT_OUTS_PER_STEP = 8;

  /** dispatch.optoutpoll (1 s) plus a read, plus what is already on the wire. */
  private static final Duration BOUND = Duration.ofSeconds(3);

  private static final PrintStream OUT = System.out;

  private static LocalPlatform platform;

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void optOutsAreHonouredWithinTheBoundWithContactsClockSteppedBothWays() throws Exception {
    Optional<Path> faketime = libfaketime();
    Assumptions.assumeTrue(
        faketime.isPresent(),
        "libfaketime is not installed (Debian package faketime; .ci/run installs it)");
    Path work = Path.of("target/e2e-optout-clock-skew");
    Path clockFile = work.resolveSibling("optout-clock-skew.faketime");
    Files.writeString(clockFile, "+0\n");

    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    assertThat(route.getMetadata().getName()).isEqualTo(ROUTE);
    route.getSpec().maxTps = ROUTE_TPS;
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    platform =
        LocalPlatform.start(
            new LocalPlatform.Options(
                    work,
                    SharedCassandra.contactPoint(),
                    "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                    offset,
                    b -> {},
                    new PrintStream(OUT, true, StandardCharsets.UTF_8))
                .withServiceEnvironment(
                    "contacts",
                    Map.of(
                        "LD_PRELOAD",
                        faketime.get().toString(),
                        "FAKETIME_TIMESTAMP_FILE",
                        clockFile.toAbsolutePath().toString(),
                        "FAKETIME_NO_CACHE",
                        "1",
                        // Timers and timeouts keep real time; only the wall clock is stepped.
                        "FAKETIME_DONT_FAKE_MONOTONIC",
                        "1")));
    platform.scheduler().upsertRoute(ManifestTranslator.route(route));
    SmscSimulator simulator = platform.deployRoute(route, password, 1).simulator();

    Path file = work.resolve("contacts.csv");
    SyntheticContacts.write(file, RECIPIENTS, 2027L, false);
    List<String> recipients =
        LongStream.range(0, RECIPIENTS).mapToObj(SyntheticContacts::e164).toList();
    Campaign campaign = manifests.campaigns().get(0);
    assertThat(
            QuickstartCampaign.importContacts(platform, campaign, file, Duration.ofMinutes(5))
                .getImported())
        .isEqualTo(RECIPIENTS);
    QuickstartCampaign.start(platform, manifests, campaign);
    Instant started = Instant.now();
    while (simulator.receivedCount() < 60) {
      assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofMinutes(3));
      Thread.sleep(50);
    }

    // The dispatcher has read contacts' opt-outs on the real clock; now the clock jumps.
    Map<String, Instant> optedOutAt = new LinkedHashMap<>();
    Random random = new Random(7);
    for (String step : List.of("-5m", "+5m", "+0")) {
      Files.writeString(clockFile, step + "\n");
      Thread.sleep(2_000);
      Set<String> received = QuickstartCampaign.receivedByNumber(simulator).keySet();
      List<String> waiting =
          recipients.stream()
              .filter(n -> !received.contains(n) && !optedOutAt.containsKey(n))
              .collect(Collectors.toCollection(ArrayList::new));
      assertThat(waiting).as("recipients still waiting at step " + step).hasSizeGreaterThan(100);
      Collections.shuffle(waiting, random);
      for (String number : waiting.subList(0, OPT_OUTS_PER_STEP)) {
        platform.contacts().optOut(OptOutRequest.newBuilder().setPhone(number).build());
        optedOutAt.put(number, Instant.now());
      }
      OUT.printf(
          "OptOutClockSkewIT: contacts' clock at %s of real time, %d opted out, SMSC received"
              + " %d%n",
          step, OPT_OUTS_PER_STEP, simulator.receivedCount());
      Thread.sleep(3_000);
    }
    Files.writeString(clockFile, "+0\n");

    CampaignStatus status = awaitCompletion(Duration.ofMinutes(5));
    Map<String, List<SubmittedMessage>> received = QuickstartCampaign.receivedByNumber(simulator);
    List<String> late =
        optedOutAt.entrySet().stream()
            .filter(e ->
                received.getOrDefault(e.getKey(), List.of()).stream()
                    .anyMatch(m -> m.receivedAt().isAfter(e.getValue().plus(BOUND))))
            .map(Map.Entry::getKey)
            .toList();
    long spared = optedOutAt.keySet().stream().filter(n -> !received.containsKey(n)).count();
    CampaignStats stats =
        platform
            .analytics()
            .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(CAMPAIGN).build());
    OUT.printf(
        "OptOutClockSkewIT: %d opted out mid-campaign, %d never sent, %d sent later than %s after"
            + " their opt-out; analytics submitted %d, opted out %d, expired %d; %s%n",
        optedOutAt.size(),
        spared,
        late.size(),
        BOUND,
        stats.getSubmitted(),
        stats.getOptedOut(),
        stats.getExpired(),
        status.getMessage());

    assertThat(late).as("sent later than %s after the opt-out was recorded", BOUND).isEmpty();
    // Most were still far from their turn: the suppression, not luck, kept them out.
    assertThat(spared).isGreaterThanOrEqualTo(optedOutAt.size() / 2L);
    // Dispatch counts a message stopped by an opt-out after queueing with the expired ones.
    assertThat(stats.getExpired()).as("suppressed by dispatch after an opt-out").isEqualTo(spared);
    assertThat(stats.getSubmitted()).isEqualTo(received.size());
    assertThat(stats.getSubmitted() + stats.getExpired()).isEqualTo(RECIPIENTS);
  }

  private static CampaignStatus awaitCompletion(Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    while (true) {
      CampaignStatus status =
          platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build());
      if (status.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED) {
        return status;
      }
      assertThat(status.getPhase()).isNotEqualTo(CampaignPhase.CAMPAIGN_PHASE_FAILED);
      assertThat(Instant.now()).as("completed in time: " + status.getMessage()).isBefore(giveUp);
      Thread.sleep(500);
    }
  }

  /** The Debian package's library, wherever the architecture puts it. */
  private static Optional<Path> libfaketime() throws IOException {
    Path lib = Path.of("/usr/lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(lib)) {
      return dirs.map(d -> d.resolve("faketime/libfaketime.so.1"))
          .filter(Files::isRegularFile)
          .findFirst();
    }
  }
}
