package dev.relais.local.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Driver sessions tuned for DDL in tests on a small machine. */
final class TestSessions {

  private TestSessions() {}

  static CqlSession open(String contactPoint, String localDatacenter) {
    int colon = contactPoint.lastIndexOf(':');
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            // Schema changes flush system tables; 2 s (the default) is too short on 2 busy cores.
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
            // The driver otherwise waits a 1 s debounce window after every DDL statement.
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
            .build();
    return CqlSession.builder()
        .addContactPoint(
            new InetSocketAddress(
                contactPoint.substring(0, colon),
                Integer.parseInt(contactPoint.substring(colon + 1))))
        .withLocalDatacenter(localDatacenter)
        .withConfigLoader(config)
        .build();
  }
}
