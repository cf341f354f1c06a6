package dev.relais.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.grpc.HostPort;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.smsc.SmscSimulator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/** What the crash tests read of a campaign on the local platform once a process was killed. */
final class CrashTests {

  private CrashTests() {}

  /** The campaign's counts in analytics. */
  static CampaignStats stats(LocalPlatform platform, String campaign) {
    return platform
        .analytics()
        .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(campaign).build());
  }

  /**
   * Waits until neither the SMSC nor analytics has counted anything new for {@code calm}: a resent
   * straggler may still be on its way when analytics already counts the campaign as resolved.
   */
  static Instant awaitQuiet(
      LocalPlatform platform,
      SmscSimulator simulator,
      String campaign,
      Duration calm,
      Duration timeout)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    long lastReceived = -1;
    long lastSubmitted = -1;
    Instant changed = Instant.now();
    while (Instant.now().isBefore(giveUp)) {
      long r = simulator.receivedCount();
      long s = stats(platform, campaign).getSubmitted();
      if (r != lastReceived || s != lastSubmitted) {
        lastReceived = r;
        lastSubmitted = s;
        changed = Instant.now();
      } else if (Duration.between(changed, Instant.now()).compareTo(calm) >= 0) {
        return Instant.now();
      }
      Thread.sleep(250);
    }
    return Instant.now();
  }

  /** A session on the platform's Cassandra, to read what the services stored. */
  static CqlSession cassandraSession(LocalPlatform platform) {
    HostPort cassandra = HostPort.parse(platform.cassandraContactPoint(), 9042);
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress(cassandra.host(), cassandra.port()))
        .withLocalDatacenter("datacenter1")
        .build();
  }

  /** The time from {@code from} to {@code to}, as "12.3 s". */
  static String seconds(Instant from, Instant to) {
    return String.format("%.1f s", Duration.between(from, to).toMillis() / 1000.0);
  }
}
