package dev.relais.operator.model;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Desired ConfigMap, Deployment and Service of each service an SmsPlatform runs (contacts,
 * scheduler, analytics, and links when it tracks links), and the settings its routes' dispatch
 * Deployments take from it.
 */
public final class PlatformServicesBuilder {

  /**
   * The services a platform may run itself; dispatch runs per SmppRoute, links only with a base URL
   * ({@link #runs}).
   */
  public static final List<RelaisService> SERVICES =
      List.of(
          RelaisService.CONTACTS,
          RelaisService.SCHEDULER,
          RelaisService.ANALYTICS,
          RelaisService.LINKS);

  /** Label on everything an SmsPlatform owns, for the operator's informers to select. */
  public static final String OWNER_KIND_LABEL = "relais.dev/owner-kind";

  /** Pod template annotation that rolls the pods when their ConfigMap changes. */
  public static final String CONFIG_HASH = "relais.dev/config-hash";

  private PlatformServicesBuilder() {}

  /** Whether the platform runs {@code service}: links only when it has a base URL. */
  public static boolean runs(SmsPlatform platform, RelaisService service) {
    return service != RelaisService.LINKS || LinksRedirect.enabled(platform);
  }

  /** The services the platform runs, in {@link #SERVICES} order. */
  public static List<RelaisService> running(SmsPlatform platform) {
    return SERVICES.stream().filter(service -> runs(platform, service)).toList();
  }

  /** What the dispatch Deployments of the platform's namespace are built with. */
  public static PlatformSettings settings(SmsPlatform platform) {
    SmsPlatformSpec spec = platform.getSpec();
    String name = platform.getMetadata().getName();
    SmsPlatformSpec.Cassandra cassandra = spec.cassandra;
    return new PlatformSettings(
        image(spec, RelaisService.DISPATCH),
        String.join(",", cassandra.contactPoints),
        Objects.requireNonNullElse(cassandra.keyspacePrefix, "relais"),
        RelaisService.CONTACTS.address(name),
        RelaisService.ANALYTICS.address(name),
        RelaisService.DISPATCH.port(),
        new PlatformSettings.CassandraAccess(
            Objects.requireNonNullElse(cassandra.datacenter, "datacenter1"),
            KeyspaceReplication.setting(cassandra),
            blankToNull(cassandra.credentialsSecretRef),
            Boolean.TRUE.equals(cassandra.tls),
            Boolean.TRUE.equals(cassandra.tls) ? cassandra.tlsTrust : null),
        telemetry(spec.telemetry),
        ServiceSettings.dispatch(spec),
        PlatformTls.enabled(platform)
            ? PlatformTls.secretName(name, RelaisService.DISPATCH)
            : null);
  }

  private static PlatformSettings.TelemetrySettings telemetry(SmsPlatformSpec.Telemetry spec) {
    if (spec == null) {
      return PlatformSettings.TelemetrySettings.NONE;
    }
    String endpoint = blankToNull(spec.otlpEndpoint);
    return new PlatformSettings.TelemetrySettings(
        endpoint,
        endpoint == null ? null : blankToNull(spec.protocol),
        Objects.requireNonNullElse(blankToNull(spec.sampling), "1.0"),
        endpoint == null ? null : spec.headersSecretRef,
        Objects.requireNonNullElse(blankToNull(spec.messageSampling), "0.01"),
        Objects.requireNonNullElse(blankToNull(spec.logFormat), "text"));
  }

  /** Image of one service: {@code <image>-<service>:<version>}. */
  public static String image(SmsPlatformSpec spec, RelaisService service) {
    String repository = Objects.requireNonNullElse(spec.image, "ghcr.io/relais-dev/relais");
    return repository + "-" + service.id() + ":" + spec.version;
  }

  /** The plain configuration of a service, read by it as environment variables. */
  public static ConfigMap configMap(SmsPlatform platform, RelaisService service) {
    PlatformSettings settings = settings(platform);
    String name = platform.getMetadata().getName();
    Map<String, String> data = new LinkedHashMap<>(ServiceEnvironment.shared(settings));
    data.put("SERVER_PORT", String.valueOf(service.port()));
    if (service == RelaisService.SCHEDULER) {
      data.put("CONTACTS_ADDRESS", RelaisService.CONTACTS.address(name));
      data.put("ANALYTICS_ADDRESS", RelaisService.ANALYTICS.address(name));
      data.putAll(ServiceSettings.scheduler(platform.getSpec()));
    }
    if (service == RelaisService.CONTACTS) {
      // An erasure reaches the messages already queued through the scheduler, which owns the queue.
      data.put("SCHEDULER_ADDRESS", RelaisService.SCHEDULER.address(name));
      data.putAll(ServiceSettings.contacts(platform.getSpec()));
    }
    if (service == RelaisService.ANALYTICS) {
      // An order is attributed to the marketing messages contacts recorded for the number, link or
      // no link: the conversion ingest runs on every platform, links or none.
      data.put("CONTACTS_ADDRESS", RelaisService.CONTACTS.address(name));
    }
    boolean links = LinksRedirect.enabled(platform);
    if (links
        && (service == RelaisService.SCHEDULER
            || service == RelaisService.CONTACTS
            || service == RelaisService.ANALYTICS)) {
      // The scheduler creates the links of a campaign; contacts erases and exports a contact's;
      // analytics attributes an order to a click on one of the contact's links.
      data.put("LINKS_ADDRESS", RelaisService.LINKS.address(name));
    }
    if (service == RelaisService.LINKS) {
      data.put("LINKS_BASEURL", platform.getSpec().linkTrackingBaseUrl.strip());
      data.put("LINKS_PORT", String.valueOf(LinksRedirect.CONTAINER_PORT));
      // Clicks in the seconds after a message's delivery are prefetches: analytics has receipts.
      data.put("ANALYTICS_ADDRESS", RelaisService.ANALYTICS.address(name));
      SmsPlatformSpec.LinksSpec spec = platform.getSpec().links;
      if (spec != null && Boolean.TRUE.equals(spec.aggregateOnly)) {
        data.put("LINKS_AGGREGATEONLY", "true");
      }
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(service.objectName(name))
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(labels(name, service))
        .withOwnerReferences(DispatchDeploymentBuilder.ownerReference(platform))
        .endMetadata()
        .withData(data)
        .build();
  }

  /** The Deployment of a service, rolled whenever its ConfigMap's content changes. */
  public static Deployment deployment(
      SmsPlatform platform, RelaisService service, ConfigMap config) {
    SmsPlatformSpec.ServiceSpec sizing = sizing(platform.getSpec(), service);
    String tlsSecret =
        PlatformTls.enabled(platform)
            ? PlatformTls.secretName(platform.getMetadata().getName(), service)
            : null;
    return PodHardening.harden(
        PlatformTls.mount(unhardened(platform, service, config), tlsSecret),
        PodHardening.resources(sizing.cpu, sizing.memory));
  }

  /** The Deployment before {@link PodHardening} adds what every pod of the operator runs with. */
  private static Deployment unhardened(
      SmsPlatform platform, RelaisService service, ConfigMap config) {
    String name = platform.getMetadata().getName();
    SmsPlatformSpec.ServiceSpec sizing = sizing(platform.getSpec(), service);
    Map<String, String> labels = labels(name, service);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(service.objectName(name))
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(DispatchDeploymentBuilder.ownerReference(platform))
        .endMetadata()
        .withNewSpec()
        .withReplicas(Objects.requireNonNullElse(sizing.replicas, 1))
        .withNewSelector()
        .withMatchLabels(selectorLabels(name, service))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(CONFIG_HASH, digest(config.getData())))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(service.id())
        .withImage(image(platform.getSpec(), service))
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName(config.getMetadata().getName())
        .endConfigMapRef()
        .endEnvFrom()
        .withEnv(secretEnvironment(platform, service))
        .addNewPort()
        .withName("grpc")
        .withContainerPort(service.port())
        .withProtocol("TCP")
        .endPort()
        .addAllToPorts(
            service == RelaisService.LINKS
                ? List.of(
                    new ContainerPortBuilder()
                        .withName(LinksRedirect.PORT_NAME)
                        .withContainerPort(LinksRedirect.CONTAINER_PORT)
                        .withProtocol("TCP")
                        .build())
                : List.of())
        // Start-up (Cassandra connection, schema migration) may take a while: liveness waits.
        .withStartupProbe(probe("/health/live", service.port(), 2, 90))
        .withReadinessProbe(probe("/health/ready", service.port(), 5, 3))
        .withLivenessProbe(probe("/health/live", service.port(), 10, 3))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The variables a service reads from Secrets, ConfigMaps and its pod: Cassandra credentials and
   * trust bundle for all, the privacy key for contacts (and for the scheduler when links run: it
   * files each recipient's links under the same keyed contact hash contacts erases by), then
   * telemetry (which names the pod). References only: the values reach the pods, never the
   * operator.
   */
  static List<EnvVar> secretEnvironment(SmsPlatform platform, RelaisService service) {
    PlatformSettings settings = settings(platform);
    List<EnvVar> env = new ArrayList<>(ServiceEnvironment.references(settings));
    SecretKeyRef privacyKey = platform.getSpec().privacyKeySecretRef;
    // The scheduler files links, and analytics looks orders up, under the contact's keyed hash.
    boolean needsKey =
        service == RelaisService.CONTACTS
            || ((service == RelaisService.SCHEDULER || service == RelaisService.ANALYTICS)
                && runs(platform, RelaisService.LINKS));
    if (needsKey && privacyKey != null) {
      env.add(ServiceEnvironment.fromSecret("PRIVACY_KEY", privacyKey.name, privacyKey.key));
    }
    env.addAll(ServiceEnvironment.telemetry(settings));
    return env;
  }

  /**
   * The ClusterIP Service other pods (and the operator) reach the service through, with the {@link
   * MetricsPort} Prometheus scrapes.
   */
  public static Service service(SmsPlatform platform, RelaisService service) {
    String name = platform.getMetadata().getName();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(service.objectName(name))
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(labels(name, service))
        .withOwnerReferences(DispatchDeploymentBuilder.ownerReference(platform))
        .endMetadata()
        .withNewSpec()
        .withSelector(selectorLabels(name, service))
        .addNewPort()
        .withName("grpc")
        .withPort(service.port())
        .withTargetPort(new IntOrString("grpc"))
        .withProtocol("TCP")
        .endPort()
        .addToPorts(MetricsPort.servicePort("grpc", PlatformTls.enabled(platform)))
        .endSpec()
        .build();
  }

  /** Labels that select one service's pods of one platform; never changed once created. */
  public static Map<String, String> selectorLabels(String platformName, RelaisService service) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "relais-" + service.id());
    labels.put("app.kubernetes.io/instance", platformName);
    return labels;
  }

  static Map<String, String> labels(String platformName, RelaisService service) {
    Map<String, String> labels = new LinkedHashMap<>(selectorLabels(platformName, service));
    labels.put("app.kubernetes.io/component", service.id());
    labels.put("app.kubernetes.io/part-of", "relais");
    labels.put("app.kubernetes.io/managed-by", "relais-operator");
    labels.put(OWNER_KIND_LABEL, "SmsPlatform");
    return labels;
  }

  private static SmsPlatformSpec.ServiceSpec sizing(SmsPlatformSpec spec, RelaisService service) {
    SmsPlatformSpec.ServiceSpec sizing =
        switch (service) {
          case CONTACTS -> spec.contacts;
          case SCHEDULER -> spec.scheduler;
          case ANALYTICS -> spec.analytics;
          case LINKS -> spec.links;
          case DISPATCH -> null;
        };
    return sizing != null ? sizing : new SmsPlatformSpec.ServiceSpec();
  }

  private static Probe probe(String path, int port, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static String digest(Map<String, String> data) {
    try {
      byte[] bytes = new TreeMap<>(data).toString().getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
