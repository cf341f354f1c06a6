package dev.relais.operator.model;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mutual TLS of a platform's components (spec.tls): which Secret holds each component's
 * certificate, how a pod mounts it and is told where it is (TLS_CERT, TLS_KEY, TLS_CA), and the
 * cert-manager Certificate that fills the Secret in mode CertManager. The operator never reads the
 * Secrets.
 */
public final class PlatformTls {

  /** Where a pod sees its certificate's Secret. */
  public static final String MOUNT_PATH = "/etc/relais/tls";

  /** Name of the Secret volume in a pod. */
  public static final String VOLUME = "relais-tls";

  /** API version of cert-manager's Certificate. */
  public static final String CERTIFICATE_API_VERSION = "cert-manager.io/v1";

  /** Kind of cert-manager's Certificate. */
  public static final String CERTIFICATE_KIND = "Certificate";

  /** The components that present a certificate, dispatch's shared by every route. */
  public static final List<RelaisService> COMPONENTS =
      List.of(
          RelaisService.CONTACTS,
          RelaisService.SCHEDULER,
          RelaisService.DISPATCH,
          RelaisService.ANALYTICS,
          RelaisService.LINKS);

  private PlatformTls() {}

  /** The platform's mode: Off, Secrets or CertManager. */
  public static String mode(SmsPlatform platform) {
    SmsPlatformSpec.Tls tls = platform.getSpec() == null ? null : platform.getSpec().tls;
    return tls == null || tls.mode == null ? SmsPlatformSpec.Tls.OFF : tls.mode;
  }

  /** Whether the platform's components talk mutual TLS. */
  public static boolean enabled(SmsPlatform platform) {
    return !SmsPlatformSpec.Tls.OFF.equals(mode(platform));
  }

  /** Whether the operator creates the components' Certificates. */
  public static boolean certManager(SmsPlatform platform) {
    return SmsPlatformSpec.Tls.CERT_MANAGER.equals(mode(platform));
  }

  /** Readable problems of spec.tls, which the CRD's rules also refuse. */
  public static List<String> problems(SmsPlatformSpec.Tls tls) {
    List<String> problems = new ArrayList<>();
    if (tls == null) {
      return problems;
    }
    String mode = tls.mode == null ? SmsPlatformSpec.Tls.OFF : tls.mode;
    if (!List.of(
            SmsPlatformSpec.Tls.OFF, SmsPlatformSpec.Tls.SECRETS, SmsPlatformSpec.Tls.CERT_MANAGER)
        .contains(mode)) {
      problems.add("tls.mode must be Off, Secrets or CertManager, not \"" + mode + "\"");
    } else if (SmsPlatformSpec.Tls.CERT_MANAGER.equals(mode) && tls.issuerRef == null) {
      problems.add("tls.issuerRef is required with tls.mode CertManager");
    } else if (!SmsPlatformSpec.Tls.CERT_MANAGER.equals(mode) && tls.issuerRef != null) {
      problems.add("tls.issuerRef is only read with tls.mode CertManager");
    }
    if (tls.issuerRef != null) {
      if (tls.issuerRef.name == null || tls.issuerRef.name.isBlank()) {
        problems.add("tls.issuerRef.name is required");
      }
      String kind = Objects.requireNonNullElse(tls.issuerRef.kind, "Issuer");
      if (!kind.equals("Issuer") && !kind.equals("ClusterIssuer")) {
        problems.add("tls.issuerRef.kind must be Issuer or ClusterIssuer, not \"" + kind + "\"");
      }
    }
    return problems;
  }

  /** The Secret holding a component's certificate: {@code <platform>-<component>-tls}. */
  public static String secretName(String platformName, RelaisService component) {
    return component.objectName(platformName) + "-tls";
  }

  /** The identity a component's certificate names first: {@code relais-<component>}. */
  public static String identity(RelaisService component) {
    return "relais-" + component.id();
  }

  /**
   * The DNS names of a component's certificate: its identity, then the names its Service is dialled
   * by. Dispatch has one Service per route, so its certificate names its identity only: the
   * operator checks a dispatch pod's certificate against that name. A name given twice (a platform
   * named "relais" has the Service relais-contacts) is listed once.
   */
  public static List<String> dnsNames(
      String platformName, String namespace, RelaisService component) {
    List<String> names = new ArrayList<>();
    names.add(identity(component));
    if (component != RelaisService.DISPATCH) {
      String service = component.objectName(platformName);
      names.add(service);
      names.add(service + "." + namespace);
      names.add(service + "." + namespace + ".svc");
    }
    return List.copyOf(new java.util.LinkedHashSet<>(names));
  }

  /** The components whose certificates the platform needs: those it runs, and dispatch. */
  public static List<RelaisService> components(SmsPlatform platform) {
    return COMPONENTS.stream()
        .filter(c -> c == RelaisService.DISPATCH || PlatformServicesBuilder.runs(platform, c))
        .toList();
  }

  /**
   * The cert-manager Certificate that fills a component's Secret, owned by the platform: server and
   * client usages (a component is both), a PKCS#8 key (what the operator's and the services' gRPC
   * clients read).
   */
  public static GenericKubernetesResource certificate(
      SmsPlatform platform, RelaisService component) {
    String name = platform.getMetadata().getName();
    String namespace = platform.getMetadata().getNamespace();
    SmsPlatformSpec.IssuerRef issuer = platform.getSpec().tls.issuerRef;
    Map<String, Object> issuerRef = new LinkedHashMap<>();
    issuerRef.put("name", issuer.name);
    issuerRef.put("kind", Objects.requireNonNullElse(issuer.kind, "Issuer"));
    issuerRef.put("group", Objects.requireNonNullElse(issuer.group, "cert-manager.io"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("secretName", secretName(name, component));
    spec.put("commonName", identity(component));
    spec.put("dnsNames", dnsNames(name, namespace, component));
    spec.put(
        "usages", List.of("server auth", "client auth", "digital signature", "key encipherment"));
    spec.put("privateKey", Map.of("algorithm", "ECDSA", "size", 256, "encoding", "PKCS8"));
    spec.put("issuerRef", issuerRef);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(CERTIFICATE_API_VERSION)
        .withKind(CERTIFICATE_KIND)
        .withNewMetadata()
        .withName(secretName(name, component))
        .withNamespace(namespace)
        .withLabels(PlatformServicesBuilder.labels(name, component))
        .withOwnerReferences(DispatchDeploymentBuilder.ownerReference(platform))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /**
   * Mounts {@code secret} read-only at {@link #MOUNT_PATH} in every container of the Deployment,
   * tells the service where its files are (TLS_CERT, TLS_KEY, TLS_CA) and turns its HTTP probes to
   * HTTPS (the service's one port then serves TLS only). Returns the Deployment; nothing changes
   * when {@code secret} is null.
   */
  public static Deployment mount(Deployment deployment, String secret) {
    if (secret == null) {
      return deployment;
    }
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    List<Volume> volumes = new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
    volumes.removeIf(v -> VOLUME.equals(v.getName()));
    volumes.add(
        new VolumeBuilder()
            .withName(VOLUME)
            .withNewSecret()
            .withSecretName(secret)
            // Readable by the pod's group (fsGroup) only: the key is the component's identity.
            .withDefaultMode(0440)
            .endSecret()
            .build());
    pod.setVolumes(volumes);
    for (Container container : pod.getContainers()) {
      List<VolumeMount> mounts =
          new ArrayList<>(
              container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
      mounts.removeIf(m -> VOLUME.equals(m.getName()));
      mounts.add(
          new VolumeMountBuilder()
              .withName(VOLUME)
              .withMountPath(MOUNT_PATH)
              .withReadOnly(true)
              .build());
      container.setVolumeMounts(mounts);
      List<EnvVar> env =
          new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
      env.removeIf(e -> environment().containsKey(e.getName()));
      environment().forEach((key, value) -> env.add(new EnvVar(key, value, null)));
      container.setEnv(env);
      for (Probe probe :
          new Probe[] {
            container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe()
          }) {
        if (probe != null && probe.getHttpGet() != null) {
          probe.getHttpGet().setScheme("HTTPS");
        }
      }
    }
    return deployment;
  }

  /** The variables naming the mounted files, as the services read them (ServiceTls). */
  public static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TLS_CERT", MOUNT_PATH + "/tls.crt");
    env.put("TLS_KEY", MOUNT_PATH + "/tls.key");
    env.put("TLS_CA", MOUNT_PATH + "/ca.crt");
    return env;
  }
}
