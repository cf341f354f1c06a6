package dev.relais.operator.services;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.PlatformTls;
import dev.relais.operator.model.RelaisService;
import java.util.Map;
import java.util.Optional;

/**
 * Where the operator calls the services of a namespace: the Services of its SmsPlatform, unless the
 * operator is told fixed addresses (RELAIS_SERVICE_ADDRESSES), as the local mode does where cluster
 * DNS names do not resolve.
 */
public final class ServiceAddresses {

  private final Map<RelaisService, String> overrides;
  private final Map<String, String> byServiceName;

  /**
   * @param overrides fixed host:port per service, used for every namespace
   */
  public ServiceAddresses(Map<RelaisService, String> overrides) {
    this(overrides, Map.of());
  }

  /**
   * @param overrides fixed host:port per service, used for every namespace
   * @param byServiceName fixed host:port per Kubernetes Service name, e.g. a route's dispatch
   *     Service "relais-dispatch-orange"
   */
  public ServiceAddresses(Map<RelaisService, String> overrides, Map<String, String> byServiceName) {
    this.overrides = Map.copyOf(overrides);
    this.byServiceName = Map.copyOf(byServiceName);
  }

  /**
   * The endpoints of the namespace's platform, if any, as {@link ServiceTarget}s: mutual TLS when
   * the platform's spec.tls says so.
   */
  public PlatformEndpoints of(Optional<SmsPlatform> platform, String namespace) {
    boolean tls = platform.map(PlatformTls::enabled).orElse(false);
    return new PlatformEndpoints(
        address(RelaisService.SCHEDULER, platform, namespace).map(a -> target(a, tls)),
        address(RelaisService.CONTACTS, platform, namespace).map(a -> target(a, tls)),
        address(RelaisService.ANALYTICS, platform, namespace).map(a -> target(a, tls)));
  }

  /**
   * Where the route's dispatch answers: its Service, or the fixed dispatch address (local mode, one
   * route); with {@code tls}, a mutual TLS target whose certificate names dispatch's identity (one
   * certificate serves every route's Service).
   */
  public String dispatch(String namespace, String route, int port, boolean tls) {
    String service = dev.relais.operator.model.DispatchDeploymentBuilder.deploymentName(route);
    String fixed = byServiceName.getOrDefault(service, overrides.get(RelaisService.DISPATCH));
    String address = fixed != null ? fixed : service + "." + namespace + ".svc:" + port;
    return tls
        ? ServiceTarget.mutualTls(address, PlatformTls.identity(RelaisService.DISPATCH))
        : ServiceTarget.plain(address);
  }

  /** As {@link #dispatch(String, String, int, boolean)} for a platform without TLS. */
  public String dispatch(String namespace, String route, int port) {
    return dispatch(namespace, route, port, false);
  }

  private static String target(String address, boolean tls) {
    return tls ? ServiceTarget.mutualTls(address) : ServiceTarget.plain(address);
  }

  private Optional<String> address(
      RelaisService service, Optional<SmsPlatform> platform, String namespace) {
    String fixed = overrides.get(service);
    if (fixed != null) {
      return Optional.of(fixed);
    }
    return platform.map(p -> service.clusterAddress(p.getMetadata().getName(), namespace));
  }

  /**
   * Parses
   * "scheduler=127.0.0.1:9092,contacts=127.0.0.1:9091,relais-dispatch-orange=127.0.0.1:9093": a
   * service (contacts, scheduler, analytics, dispatch) or the name of a Kubernetes Service (a
   * route's dispatch Service), each with its host:port; blank means none.
   *
   * @throws IllegalArgumentException naming the entry that is not name=host:port
   */
  public static ServiceAddresses parse(String value) {
    Map<RelaisService, String> overrides = new java.util.EnumMap<>(RelaisService.class);
    Map<String, String> byServiceName = new java.util.HashMap<>();
    if (value != null && !value.isBlank()) {
      for (String entry : value.split(",")) {
        String[] parts = entry.strip().split("=", 2);
        if (parts.length != 2 || !parts[1].strip().matches("[^:\\s]+:[0-9]{1,5}")) {
          throw new IllegalArgumentException(
              "RELAIS_SERVICE_ADDRESSES entry \"" + entry + "\" is not name=host:port");
        }
        String name = parts[0].strip();
        Optional<RelaisService> service =
            java.util.Arrays.stream(RelaisService.values())
                .filter(s -> s.id().equals(name))
                .findFirst();
        if (service.isPresent()) {
          overrides.put(service.get(), parts[1].strip());
        } else if (name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
          byServiceName.put(name, parts[1].strip());
        } else {
          throw new IllegalArgumentException(
              "RELAIS_SERVICE_ADDRESSES names no service \"" + name + "\"");
        }
      }
    }
    return new ServiceAddresses(overrides, byServiceName);
  }
}
