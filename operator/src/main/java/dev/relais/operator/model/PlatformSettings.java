package dev.relais.operator.model;

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
   * @param replication CQL replication map for new keyspaces; null keeps the services' default
   * @param credentialsSecret Secret with username and password keys; null without authentication
   */
  public record CassandraAccess(String datacenter, String replication, String credentialsSecret) {

    /** The services' own defaults: datacenter1, their replication, no authentication. */
    public static final CassandraAccess DEFAULT = new CassandraAccess("datacenter1", null, null);

    public CassandraAccess {
      Objects.requireNonNull(datacenter, "datacenter");
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
