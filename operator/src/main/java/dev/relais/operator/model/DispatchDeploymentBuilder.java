package dev.relais.operator.model;

import dev.relais.operator.api.PodResources;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.autoscale.DispatchReplicaCalculator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired dispatch Deployment of one SmppRoute: one process per replica, draining that route. */
public final class DispatchDeploymentBuilder {

  /** Prefix of every dispatch Deployment name. */
  public static final String NAME_PREFIX = "relais-dispatch-";

  /** Name of the dispatch container. */
  public static final String CONTAINER = "dispatch";

  /** Label carrying the route name, for selecting a route's pods. */
  public static final String ROUTE_LABEL = "relais.dev/route";

  private DispatchDeploymentBuilder() {}

  /** Name of the route's dispatch Deployment. */
  public static String deploymentName(String routeName) {
    return NAME_PREFIX + routeName;
  }

  /** Replicas the route starts with: autoscaling.minReplicas, 1 without autoscaling bounds. */
  public static int replicas(SmppRouteSpec spec) {
    if (spec.autoscaling == null || spec.autoscaling.minReplicas == null) {
      return 1;
    }
    return spec.autoscaling.minReplicas;
  }

  /**
   * Replicas for a Deployment running {@code current} replicas: the autoscaler's count is kept
   * within the route's bounds; without autoscaling bounds a route runs one replica.
   */
  public static int replicas(SmppRouteSpec spec, Integer current) {
    int min = replicas(spec);
    if (spec.autoscaling == null || current == null) {
      return min;
    }
    int max =
        spec.autoscaling.maxReplicas == null ? Math.max(min, 4) : spec.autoscaling.maxReplicas;
    return Math.max(min, Math.min(max, current));
  }

  /** The Deployment for the route at its initial replica count. */
  public static Deployment build(SmppRoute route, PlatformSettings platform) {
    return build(route, platform, replicas(route.getSpec()));
  }

  /**
   * The Deployment for the route at the given replica count; each replica gets its share of the
   * route's TPS, so the replicas together never exceed the carrier's limit.
   */
  public static Deployment build(SmppRoute route, PlatformSettings platform, int replicas) {
    return build(
        route,
        platform,
        replicas,
        DispatchReplicaCalculator.perReplicaTps(route.getSpec().maxTps, replicas));
  }

  /**
   * The Deployment for the route at the given replica count and per-replica TPS, as one step of a
   * {@link dev.relais.operator.autoscale.ScalingPlan} sets them.
   */
  public static Deployment build(
      SmppRoute route, PlatformSettings platform, int replicas, int perReplicaTps) {
    PodResources sizing = route.getSpec().resources;
    return PodHardening.harden(
        PlatformTls.mount(
            unhardened(route, platform, replicas, perReplicaTps), platform.tlsSecret()),
        sizing == null
            ? PodHardening.resources(null, null)
            : PodHardening.resources(sizing.cpu, sizing.memory));
  }

  /** The Deployment before {@link PodHardening} adds what every pod of the operator runs with. */
  private static Deployment unhardened(
      SmppRoute route, PlatformSettings platform, int replicas, int perReplicaTps) {
    String routeName = route.getMetadata().getName();
    Map<String, String> selector = selectorLabels(routeName);
    Map<String, String> labels = new LinkedHashMap<>(selector);
    labels.put("app.kubernetes.io/component", "dispatch");
    labels.put("app.kubernetes.io/part-of", "relais");
    labels.put("app.kubernetes.io/managed-by", "relais-operator");
    labels.put(ROUTE_LABEL, routeName);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(deploymentName(routeName))
        .withNamespace(route.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerReference(route))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        // maxSurge 0: an old pod (old TPS share) stops before a new one starts, so the shares of
        // the pods running at any moment never add up to more than the route's maxTps.
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(0))
        .withMaxUnavailable(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        // Dispatch drains its in-flight window before exiting (dispatch.drain, 20 s by default).
        .withTerminationGracePeriodSeconds(40L)
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(platform.dispatchImage())
        .withEnv(env(route, platform, perReplicaTps))
        .addNewPort()
        .withName("grpc")
        .withContainerPort(platform.dispatchPort())
        .withProtocol("TCP")
        .endPort()
        // Start-up (Cassandra connection, schema migration) may take a while: liveness waits.
        .withStartupProbe(startupProbe(platform.dispatchPort()))
        .withReadinessProbe(probe("/health/ready", platform.dispatchPort(), 5))
        .withLivenessProbe(probe("/health/live", platform.dispatchPort(), 10))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The environment of the dispatch container, named as the dispatch service reads it. */
  static List<EnvVar> env(SmppRoute route, PlatformSettings platform, int perReplicaTps) {
    List<EnvVar> env = routeEnvAtTps(route, perReplicaTps);
    env.add(plain("CONTACTS_ADDRESS", platform.contactsAddress()));
    env.add(plain("ANALYTICS_ADDRESS", platform.analyticsAddress()));
    ServiceEnvironment.shared(platform).forEach((name, value) -> env.add(plain(name, value)));
    env.addAll(ServiceEnvironment.references(platform));
    env.add(plain("SERVER_PORT", String.valueOf(platform.dispatchPort())));
    platform.dispatchSettings().forEach((name, value) -> env.add(plain(name, value)));
    env.addAll(ServiceEnvironment.telemetry(platform));
    return env;
  }

  /**
   * What the route decides of its dispatch container's environment, at {@code replicas} replicas:
   * the route, its SMSC connection (password and TLS trust by reference), its failover and each
   * replica's share of its TPS. The local platform's direct mode starts dispatch with this too.
   */
  public static List<EnvVar> routeEnv(SmppRoute route, int replicas) {
    return routeEnvAtTps(
        route, DispatchReplicaCalculator.perReplicaTps(route.getSpec().maxTps, replicas));
  }

  private static List<EnvVar> routeEnvAtTps(SmppRoute route, int perReplicaTps) {
    SmppRouteSpec spec = route.getSpec();
    List<EnvVar> env = new ArrayList<>();
    env.add(plain("DISPATCH_ROUTE", route.getMetadata().getName()));
    env.add(plain("SMPP_HOST", spec.host));
    env.add(plain("SMPP_PORT", String.valueOf(spec.port)));
    env.add(plain("SMPP_SYSTEMID", spec.systemId));
    env.add(
        ServiceEnvironment.fromSecret(
            "SMPP_PASSWORD", spec.passwordSecretRef.name, spec.passwordSecretRef.key));
    env.add(plain("SMPP_SYSTEMTYPE", spec.systemType == null ? "" : spec.systemType));
    env.add(plain("SMPP_SESSIONS", String.valueOf(spec.sessions)));
    env.add(plain("SMPP_WINDOW", String.valueOf(spec.windowSize)));
    env.add(plain("SMPP_ENQUIRELINK", Duration.ofSeconds(spec.enquireLinkSeconds).toString()));
    env.addAll(tlsEnv(spec));
    String failover = spec.failoverRoute;
    if (failover != null
        && !failover.isBlank()
        && !failover.equals(route.getMetadata().getName())) {
      // The dispatcher moves messages there once this route has been unbound for a while.
      env.add(plain("DISPATCH_FAILOVER", failover));
      if (spec.failoverAfter != null && !spec.failoverAfter.isBlank()) {
        env.add(plain("DISPATCH_FAILOVERAFTER", spec.failoverAfter.strip()));
      }
    }
    env.add(plain("DISPATCH_TPS", String.valueOf(perReplicaTps)));
    return env;
  }

  /**
   * SMPP_TLS, and SMPP_TLSTRUST taken by the kubelet from the ConfigMap or Secret key the route
   * names: the PEM never passes through the operator, and a Secret's value stays in the Secret.
   * Nothing for a plain route (dispatch's default), so routes without TLS keep their pod template.
   */
  static List<EnvVar> tlsEnv(SmppRouteSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    if (!Boolean.TRUE.equals(spec.tls)) {
      return env;
    }
    env.add(plain("SMPP_TLS", "true"));
    if (spec.tlsTrust != null) {
      env.add(ServiceEnvironment.fromTrust("SMPP_TLSTRUST", spec.tlsTrust));
    }
    return env;
  }

  /**
   * The per-replica TPS a running Deployment applies (its DISPATCH_TPS), or the route share of its
   * replicas when it cannot be read.
   */
  public static int appliedTps(Deployment deployment, int routeMaxTps) {
    int replicas =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> CONTAINER.equals(c.getName()))
        .flatMap(c -> c.getEnv().stream())
        .filter(e -> "DISPATCH_TPS".equals(e.getName()) && e.getValue() != null)
        .map(e -> e.getValue().strip())
        .filter(v -> v.matches("[0-9]{1,9}") && Integer.parseInt(v) > 0)
        .map(Integer::parseInt)
        .findFirst()
        .orElse(DispatchReplicaCalculator.perReplicaTps(routeMaxTps, replicas));
  }

  /**
   * Whether the Deployment runs what it asks for: the controller has seen its last change, and
   * every pod is of the current template and counted (terminating ones no longer are).
   */
  public static boolean settled(Deployment deployment) {
    if (deployment.getStatus() == null) {
      return deployment.getSpec().getReplicas() != null && deployment.getSpec().getReplicas() == 0;
    }
    int wanted =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    Long observed = deployment.getStatus().getObservedGeneration();
    Long generation = deployment.getMetadata().getGeneration();
    boolean seen = observed == null || generation == null || observed >= generation;
    return seen
        && orZero(deployment.getStatus().getReplicas()) == wanted
        && orZero(deployment.getStatus().getUpdatedReplicas()) == wanted;
  }

  /**
   * The ClusterIP Service the operator asks the route's queue figures through, with the {@link
   * MetricsPort} Prometheus scrapes.
   */
  public static Service service(SmppRoute route, PlatformSettings platform) {
    String routeName = route.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>(selectorLabels(routeName));
    labels.put("app.kubernetes.io/component", "dispatch");
    labels.put("app.kubernetes.io/part-of", "relais");
    labels.put("app.kubernetes.io/managed-by", "relais-operator");
    labels.put(ROUTE_LABEL, routeName);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(deploymentName(routeName))
        .withNamespace(route.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(ownerReference(route))
        .endMetadata()
        .withNewSpec()
        .withSelector(selectorLabels(routeName))
        .addNewPort()
        .withName("grpc")
        .withPort(platform.dispatchPort())
        .withTargetPort(new IntOrString("grpc"))
        .withProtocol("TCP")
        .endPort()
        .addToPorts(MetricsPort.servicePort("grpc", platform.tlsSecret() != null))
        .endSpec()
        .build();
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /** Labels that select the route's pods; never changed once the Deployment exists. */
  public static Map<String, String> selectorLabels(String routeName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "relais-dispatch");
    labels.put("app.kubernetes.io/instance", routeName);
    return labels;
  }

  /** Controller owner reference: deleting the resource deletes what was built for it. */
  public static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVar(name, value, null);
  }

  private static Probe startupProbe(int port) {
    Probe probe = probe("/health/live", port, 2);
    probe.setFailureThreshold(90);
    return probe;
  }

  private static Probe probe(String path, int port, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(3)
        .build();
  }
}
