package dev.relais.operator.model;

import java.util.Locale;

/**
 * The services an SmsPlatform runs, with the port each serves gRPC and health on. The ports differ
 * so that a local "process kubelet" can run them side by side on one host.
 */
public enum RelaisService {
  CONTACTS(9091),
  SCHEDULER(9092),
  DISPATCH(PlatformSettings.DEFAULT_DISPATCH_PORT),
  ANALYTICS(9094),
  LINKS(9095);

  private final int port;

  RelaisService(int port) {
    this.port = port;
  }

  /** Port the service listens on (SERVER_PORT). */
  public int port() {
    return port;
  }

  /** Lower-case name, as in labels, image and object names: "contacts". */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Name of the service's Deployment, Service and ConfigMap for a platform. */
  public String objectName(String platformName) {
    return platformName + "-" + id();
  }

  /** host:port of the service seen from a pod of the same namespace. */
  public String address(String platformName) {
    return objectName(platformName) + ":" + port;
  }

  /** host:port of the service seen from anywhere in the cluster (the operator's namespace). */
  public String clusterAddress(String platformName, String namespace) {
    return objectName(platformName) + "." + namespace + ".svc:" + port;
  }
}
