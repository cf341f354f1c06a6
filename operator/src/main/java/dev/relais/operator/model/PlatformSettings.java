package dev.relais.operator.model;

import java.util.Objects;

/**
 * What every dispatch Deployment needs from the installation: image, Cassandra and the addresses of
 * the services it calls.
 *
 * @param dispatchImage container image of the dispatch service
 * @param cassandraHosts comma-separated Cassandra contact points (host:port)
 * @param cassandraPrefix keyspace prefix shared by the services of one installation
 * @param contactsAddress host:port of the contacts service
 * @param analyticsAddress host:port of the analytics service
 * @param dispatchPort port the dispatch service serves gRPC and health on
 */
public record PlatformSettings(
    String dispatchImage,
    String cassandraHosts,
    String cassandraPrefix,
    String contactsAddress,
    String analyticsAddress,
    int dispatchPort) {

  /** Port of the dispatch service unless told otherwise (its dispatch.properties default). */
  public static final int DEFAULT_DISPATCH_PORT = 9093;

  public PlatformSettings {
    Objects.requireNonNull(dispatchImage, "dispatchImage");
    Objects.requireNonNull(cassandraHosts, "cassandraHosts");
    Objects.requireNonNull(cassandraPrefix, "cassandraPrefix");
    Objects.requireNonNull(contactsAddress, "contactsAddress");
    Objects.requireNonNull(analyticsAddress, "analyticsAddress");
    if (dispatchPort < 1 || dispatchPort > 65535) {
      throw new IllegalArgumentException("dispatch port out of range: " + dispatchPort);
    }
  }
}
