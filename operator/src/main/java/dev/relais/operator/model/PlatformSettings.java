package dev.relais.operator.model;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.TlsTrust;
import java.util.Map;
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
 * @param dispatchSettings the platform's own dispatch settings, as environment variables ({@link
 *     ServiceSettings#dispatch}); empty for the services' defaults
 * @param tlsSecret the Secret with dispatch's certificate when the platform talks mutual TLS
 *     ({@link PlatformTls}); null without TLS
 */
public record PlatformSettings(
    String dispatchImage,
    String cassandraHosts,
    String cassandraPrefix,
    String contactsAddress,
    String analyticsAddress,
    int dispatchPort,
    CassandraAccess cassandra,
    TelemetrySettings telemetry,
    Map<String, String> dispatchSettings,
    String tlsSecret) {

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
   * @param otlpEndpoint OTLP endpoint; null exports nothing
   * @param protocol OTLP protocol (grpc or http/protobuf); null for the SDK's default
   * @param sampling share of new traces kept, a decimal between 0 and 1
   * @param headers Secret key holding the OTLP headers; null for none
   */
  public record TelemetrySettings(
      String otlpEndpoint,
      String protocol,
      String sampling,
      SecretKeyRef headers,
      String messageSampling,
      String logFormat) {

    /** No export, text logs. */
    public static final TelemetrySettings NONE =
        new TelemetrySettings(null, null, "1.0", null, "0.01", "text");
  }

  public PlatformSettings {
    Objects.requireNonNull(dispatchImage, "dispatchImage");
    Objects.requireNonNull(cassandraHosts, "cassandraHosts");
    Objects.requireNonNull(cassandraPrefix, "cassandraPrefix");
    Objects.requireNonNull(contactsAddress, "contactsAddress");
    Objects.requireNonNull(analyticsAddress, "analyticsAddress");
    Objects.requireNonNull(cassandra, "cassandra");
    Objects.requireNonNull(telemetry, "telemetry");
    dispatchSettings = Map.copyOf(dispatchSettings);
    if (dispatchPort < 1 || dispatchPort > 65535) {
      throw new IllegalArgumentException("dispatch port out of range: " + dispatchPort);
    }
  }

  /** Settings without mutual TLS between the components. */
  public PlatformSettings(
      String dispatchImage,
      String cassandraHosts,
      String cassandraPrefix,
      String contactsAddress,
      String analyticsAddress,
      int dispatchPort,
      CassandraAccess cassandra,
      TelemetrySettings telemetry,
      Map<String, String> dispatchSettings) {
    this(
        dispatchImage,
        cassandraHosts,
        cassandraPrefix,
        contactsAddress,
        analyticsAddress,
        dispatchPort,
        cassandra,
        telemetry,
        dispatchSettings,
        null);
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
        TelemetrySettings.NONE,
        Map.of());
  }
}
