package dev.relais.local.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/** Waits until a starting node accepts a CQL session, failing fast when the process dies. */
final class CqlReadiness {

  private static final Duration POLL = Duration.ofMillis(250);

  private CqlReadiness() {}

  /** Returns Cassandra's release version once a session could query it. */
  static String await(
      Process process,
      InetSocketAddress address,
      ClientSecurity security,
      Duration timeout,
      Path logFile)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException lastFailure = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new CassandraStartException(
            "Cassandra exited during start-up with code " + process.exitValue(), logFile, null);
      }
      // A plain connect first: the driver logs a warning for every refused attempt.
      if (accepts(address)) {
        try {
          return queryVersion(address, security);
        } catch (RuntimeException e) {
          lastFailure = e;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new CassandraStartException(
        "Cassandra did not accept CQL sessions on " + address + " within " + timeout,
        logFile,
        lastFailure);
  }

  private static boolean accepts(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String queryVersion(InetSocketAddress address, ClientSecurity security) {
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .build();
    CqlSessionBuilder builder =
        CqlSession.builder()
            .addContactPoint(address)
            .withLocalDatacenter(EmbeddedCassandra.LOCAL_DATACENTER)
            .withConfigLoader(config);
    if (security.tls()) {
      builder.withSslContext(security.probeContext());
    }
    if (security.passwordAuthentication()) {
      // Until the node has created its superuser, the login fails and the probe tries again.
      builder.withAuthCredentials(ClientSecurity.SUPERUSER, ClientSecurity.SUPERUSER);
    }
    try (CqlSession session = builder.build()) {
      return session
          .execute("SELECT release_version FROM system.local")
          .one()
          .getString("release_version");
    }
  }
}
