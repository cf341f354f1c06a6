package dev.relais.common.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Tells the failures of a connection attempt that waiting will not cure (credentials refused, a
 * node certificate that is not trusted) from a node that is not up yet, and words them after the
 * setting to check.
 */
final class ConnectionFailure {

  private ConnectionFailure() {}

  /** The error to stop with at once, or empty when the attempt is worth repeating. */
  static Optional<IllegalStateException> refusal(
      CassandraConnector.Settings settings, AllNodesFailedException failure) {
    List<Throwable> errors =
        failure.getAllErrors().values().stream().flatMap(List::stream).toList();
    for (Throwable error : errors) {
      if (find(error, AuthenticationException.class) != null) {
        return Optional.of(
            new IllegalStateException(
                "Cassandra at "
                    + settings.hosts()
                    + (settings.username().isEmpty()
                        ? " requires authentication: set cassandra.username and cassandra.password"
                        : " refused the credentials of user "
                            + settings.username()
                            + " (cassandra.username, cassandra.password)"),
                failure));
      }
    }
    for (Throwable error : errors) {
      SSLException tls = find(error, SSLException.class);
      if (tls != null) {
        return Optional.of(
            new IllegalStateException(
                "TLS with Cassandra at "
                    + settings.hosts()
                    + " failed: "
                    + tls.getMessage()
                    + (settings.tlsTrust().isEmpty()
                        ? " (the node certificates must chain to a CA the JDK trusts, or to one of"
                            + " cassandra.tlstrust, and name the nodes' addresses)"
                        : " (the node certificates must chain to a CA of cassandra.tlstrust and"
                            + " name the nodes' addresses)"),
                failure));
      }
    }
    return Optional.empty();
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
