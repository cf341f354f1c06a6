package dev.relais.operator.model;

import dev.relais.operator.api.TlsTrust;
import java.util.Objects;

/**
 * What every dispatch Deployment needs from the installation: image, Cassandra and the addresses of
 * the services it calls. Taken from the SmsPlatform of the route's namespace, or from the
 * operator's own settings when the namespace has none.
 *
 * @param dispatchImage container image of the dispatch service
 * @param cassandraHosts comma-separated Cassandra contact points (host:port)
 * @param cassandraPrefix keyspace prefix shared by the services of one installation
 * @param contactsAddress host:port of the contacts service
 * @param analyticsAddress host:port of the analytics service
 * @param dispatchPort port the dispatch service serves gRPC and health on
 * @param cassandra datacenter, credentials and replication; {@link CassandraAccess#DEFAULT} when
 *     the operator's settings are used
 * @param telemetry where the services export traces; {@link TelemetrySettings#NONE} for none
 */
public record PlatformSettings(
    String dispatchImage,
    String cassandraHosts,
    String cassandraPrefix,
    String contactsAddress,
    String analyticsAddress,
    int dispatchPort,
    CassandraAccess cassandra,
    TelemetrySettings telemetry) {

  /** Port of the dispatch service unless told otherwise. */
  public static final int DEFAULT_DISPATCH_PORT = 9093;

  /**
   * Cassandra beyond its contact points.
   *
   * @param datacenter local datacenter name
   * @param replication the services' {@code cassandra.replication} setting, as {@link
   *     KeyspaceReplication} renders it; null keeps the services' default (one copy, local node)
   * @param credentialsSecret Secret with username and password keys; null without authentication
   * @param tls whether the services connect with TLS
   * @param tlsTrust where the CA certificates of the nodes are; null trusts the images' defaults
   */
  public record CassandraAccess(
      String datacenter,
      String replication,
      String credentialsSecret,
      boolean tls,
      TlsTrust tlsTrust) {

    /** The services' own defaults: datacenter1, their replication, no authentication, no TLS. */
    public static final CassandraAccess DEFAULT =
        new CassandraAccess("datacenter1", null, null, false, null);

    public CassandraAccess {
      Objects.requireNonNull(datacenter, "datacenter");
      if (tlsTrust != null && !tls) {
        throw new IllegalArgumentException("a Cassandra trust bundle needs TLS");
      }
    }
  }

  /**
   * Trace export of the services.
   *
   * @param otlpEndpoint OTLP/HTTP endpoint; null exports nothing
   * @param sampling share of traces kept, a decimal between 0 and 1
   */
  public record TelemetrySettings(String otlpEndpoint, String sampling) {

    /** No export. */
    public static final TelemetrySettings NONE = new TelemetrySettings(null, "1.0");
  }

  public PlatformSettings {
    Objects.requireNonNull(dispatchImage, "dispatchImage");
    Objects.requireNonNull(cassandraHosts, "cassandraHosts");
    Objects.requireNonNull(cassandraPrefix, "cassandraPrefix");
    Objects.requireNonNull(contactsAddress, "contactsAddress");
    Objects.requireNonNull(analyticsAddress, "analyticsAddress");
    Objects.requireNonNull(cassandra, "cassandra");
    Objects.requireNonNull(telemetry, "telemetry");
    if (dispatchPort < 1 || dispatchPort > 65535) {
      throw new IllegalArgumentException("dispatch port out of range: " + dispatchPort);
    }
  }

  /** Settings without Cassandra authentication or trace export. */
  public PlatformSettings(
      String dispatchImage,
      String cassandraHosts,
      String cassandraPrefix,
      String contactsAddress,
      String analyticsAddress,
      int dispatchPort) {
    this(
        dispatchImage,
        cassandraHosts,
        cassandraPrefix,
        contactsAddress,
        analyticsAddress,
        dispatchPort,
        CassandraAccess.DEFAULT,
        TelemetrySettings.NONE);
  }
}
