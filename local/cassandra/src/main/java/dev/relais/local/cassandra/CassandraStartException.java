package dev.relais.local.cassandra;

import java.nio.file.Path;

/** Cassandra did not become ready; the message ends with the tail of its log. */
public final class CassandraStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CassandraStartException(String reason, Path logFile, Throwable cause) {
    super(
        reason
            + "\n--- last lines of "
            + logFile
            + " ---\n"
            + LogTail.of(logFile, 40)
            + "\n--- end of log ---",
        cause);
  }
}
