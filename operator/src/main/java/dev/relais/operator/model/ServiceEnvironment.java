package dev.relais.operator.model;

import dev.relais.operator.api.TlsTrust;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment every Relais service reads the same way (ServiceConfig maps {@code
 * cassandra.hosts} to CASSANDRA_HOSTS): Cassandra, its replication, TLS and credentials, and
 * OpenTelemetry's standard variables.
 */
public final class ServiceEnvironment {

  /** Key of the Cassandra user name in the credentials Secret. */
  public static final String USERNAME_KEY = "username";

  /** Key of the Cassandra password in the credentials Secret. */
  public static final String PASSWORD_KEY = "password";

  private ServiceEnvironment() {}

  /** Plain (non-secret) settings shared by every service, in a stable order. */
  public static Map<String, String> shared(PlatformSettings platform) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CASSANDRA_HOSTS", platform.cassandraHosts());
    env.put("CASSANDRA_PREFIX", platform.cassandraPrefix());
    env.put("CASSANDRA_DATACENTER", platform.cassandra().datacenter());
    if (platform.cassandra().replication() != null) {
      env.put("CASSANDRA_REPLICATION", platform.cassandra().replication());
    }
    if (platform.cassandra().tls()) {
      env.put("CASSANDRA_TLS", "true");
    }
    // The kubelet probes the pod IP, so the server must listen beyond loopback.
    env.put("SERVER_HOST", "0.0.0.0");
    return env;
  }

  /**
   * Cassandra credentials and trust bundle as references to their Secret or ConfigMap: the values
   * reach the pod, never the operator (which has no right to read Secrets).
   */
  public static List<EnvVar> references(PlatformSettings platform) {
    List<EnvVar> env = new ArrayList<>();
    String secret = platform.cassandra().credentialsSecret();
    if (secret != null) {
      env.add(fromSecret("CASSANDRA_USERNAME", secret, USERNAME_KEY));
      env.add(fromSecret("CASSANDRA_PASSWORD", secret, PASSWORD_KEY));
    }
    if (platform.cassandra().tlsTrust() != null) {
      env.add(fromTrust("CASSANDRA_TLSTRUST", platform.cassandra().tlsTrust()));
    }
    return env;
  }

  /**
   * The OpenTelemetry variables of a service's pod, after every other variable (they refer to the
   * pod's own): the pod and namespace from the downward API as resource attributes, and, when the
   * platform names a collector, the standard exporter and sampler variables. The service names
   * itself (OTEL_SERVICE_NAME defaults to relais-&lt;service&gt; in the service).
   */
  public static List<EnvVar> telemetry(PlatformSettings platform) {
    List<EnvVar> env = new ArrayList<>();
    env.add(fromPod("POD_NAME", "metadata.name"));
    env.add(fromPod("POD_NAMESPACE", "metadata.namespace"));
    env.add(
        plain(
            "OTEL_RESOURCE_ATTRIBUTES",
            "k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME),"
                + "service.instance.id=$(POD_NAME)"));
    PlatformSettings.TelemetrySettings telemetry = platform.telemetry();
    if (telemetry.otlpEndpoint() != null) {
      env.add(plain("OTEL_EXPORTER_OTLP_ENDPOINT", telemetry.otlpEndpoint()));
      if (telemetry.protocol() != null) {
        env.add(plain("OTEL_EXPORTER_OTLP_PROTOCOL", telemetry.protocol()));
      }
      if (telemetry.headers() != null) {
        env.add(
            fromSecret(
                "OTEL_EXPORTER_OTLP_HEADERS", telemetry.headers().name, telemetry.headers().key));
      }
    }
    env.add(plain("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"));
    env.add(plain("OTEL_TRACES_SAMPLER_ARG", telemetry.sampling()));
    // Read by the scheduler, which decides which messages are traced one by one, and by dispatch,
    // which traces replies (an MO STOP's deliver_sm, opt-out and suppression) at the same ratio.
    env.add(plain("TELEMETRY_MESSAGE_SAMPLING", telemetry.messageSampling()));
    env.add(plain("RELAIS_LOG_FORMAT", telemetry.logFormat()));
    return env;
  }

  /** A variable the kubelet fills from the pod's own fields (downward API). */
  public static EnvVar fromPod(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVar(name, value, null);
  }

  /** A trust bundle taken by the kubelet from the ConfigMap or Secret key the resource names. */
  public static EnvVar fromTrust(String name, TlsTrust trust) {
    if (trust.secretKeyRef != null) {
      return fromSecret(name, trust.secretKeyRef.name, trust.secretKeyRef.key);
    }
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewConfigMapKeyRef()
        .withName(trust.configMapKeyRef.name)
        .withKey(trust.configMapKeyRef.key)
        .withOptional(false)
        .endConfigMapKeyRef()
        .endValueFrom()
        .build();
  }

  /** A variable read from a Secret key that must exist (the pod waits until it does). */
  public static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(false)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
