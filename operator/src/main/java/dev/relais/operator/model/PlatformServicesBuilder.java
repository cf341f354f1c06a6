package dev.relais.operator.model;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
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
 * scheduler, analytics), and the settings its routes' dispatch Deployments take from it.
 */
public final class PlatformServicesBuilder {

  /** The services the platform itself runs; dispatch runs per SmppRoute. */
  public static final List<RelaisService> SERVICES =
      List.of(RelaisService.CONTACTS, RelaisService.SCHEDULER, RelaisService.ANALYTICS);

  /** Label on everything an SmsPlatform owns, for the operator's informers to select. */
  public static final String OWNER_KIND_LABEL = "relais.dev/owner-kind";

  /** Pod template annotation that rolls the pods when their ConfigMap changes. */
  public static final String CONFIG_HASH = "relais.dev/config-hash";

  private PlatformServicesBuilder() {}

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
        spec.telemetry == null || blankToNull(spec.telemetry.otlpEndpoint) == null
            ? PlatformSettings.TelemetrySettings.NONE
            : new PlatformSettings.TelemetrySettings(
                spec.telemetry.otlpEndpoint,
                Objects.requireNonNullElse(spec.telemetry.sampling, "1.0")));
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
    }
    if (service == RelaisService.CONTACTS) {
      // An erasure reaches the messages already queued through the scheduler, which owns the queue.
      data.put("SCHEDULER_ADDRESS", RelaisService.SCHEDULER.address(name));
    }
    String links = platform.getSpec().linkTrackingBaseUrl;
    if (links != null
        && (service == RelaisService.SCHEDULER || service == RelaisService.ANALYTICS)) {
      data.put("LINKS_BASEURL", links);
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
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
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
        .withResources(resources(sizing))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
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
   * The variables a service reads from Secrets and ConfigMaps: Cassandra credentials and trust
   * bundle for all, the privacy key for contacts. References only: the values reach the pods, never
   * the operator.
   */
  static List<EnvVar> secretEnvironment(SmsPlatform platform, RelaisService service) {
    List<EnvVar> env = new ArrayList<>(ServiceEnvironment.references(settings(platform)));
    SecretKeyRef privacyKey = platform.getSpec().privacyKeySecretRef;
    if (service == RelaisService.CONTACTS && privacyKey != null) {
      env.add(ServiceEnvironment.fromSecret("PRIVACY_KEY", privacyKey.name, privacyKey.key));
    }
    return env;
  }

  /** The ClusterIP Service other pods (and the operator) reach the service through. */
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
          case DISPATCH -> null;
        };
    return sizing != null ? sizing : new SmsPlatformSpec.ServiceSpec();
  }

  private static ResourceRequirements resources(SmsPlatformSpec.ServiceSpec sizing) {
    ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
    if (sizing.cpu != null) {
      resources.addToRequests("cpu", new Quantity(sizing.cpu));
    }
    if (sizing.memory != null) {
      // Memory is requested and capped alike: a JVM over its request is the first to be evicted.
      resources.addToRequests("memory", new Quantity(sizing.memory));
      resources.addToLimits("memory", new Quantity(sizing.memory));
    }
    return resources.build();
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
