package dev.relais.local.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a container gets, as the kubelet builds it: {@code envFrom} ConfigMaps and
 * Secrets first, then {@code env} entries (literal values, {@code secretKeyRef}, {@code
 * configMapKeyRef}, the pod's name and namespace), with Service addresses rewritten to their local
 * proxies. The kubelet may read Secrets; the operator never needs to.
 */
final class PodEnvironment {

  /** A referenced ConfigMap, Secret or key does not exist (yet): the pod cannot start. */
  static final class MissingReference extends RuntimeException {
    MissingReference(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final ServiceDirectory directory;

  PodEnvironment(KubernetesClient client, ServiceDirectory directory) {
    this.client = client;
    this.directory = directory;
  }

  Map<String, String> of(String namespace, String podName, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        configMap(namespace, from.getConfigMapRef().getName())
            .forEach((k, v) -> env.put(prefix(from) + k, directory.rewrite(namespace, v)));
      }
      if (from.getSecretRef() != null) {
        secret(namespace, from.getSecretRef().getName())
            .forEach((k, v) -> env.put(prefix(from) + k, v));
      }
    }
    for (EnvVar variable : container.getEnv()) {
      EnvVarSource source = variable.getValueFrom();
      if (source == null) {
        env.put(
            variable.getName(),
            directory.rewrite(namespace, variable.getValue() == null ? "" : variable.getValue()));
      } else if (source.getSecretKeyRef() != null) {
        String name = source.getSecretKeyRef().getName();
        String key = source.getSecretKeyRef().getKey();
        String value = secret(namespace, name).get(key);
        if (value == null) {
          throw new MissingReference("secret " + namespace + "/" + name + " has no key " + key);
        }
        env.put(variable.getName(), value);
      } else if (source.getConfigMapKeyRef() != null) {
        String name = source.getConfigMapKeyRef().getName();
        String key = source.getConfigMapKeyRef().getKey();
        String value = configMap(namespace, name).get(key);
        if (value == null) {
          throw new MissingReference("config map " + namespace + "/" + name + " has no key " + key);
        }
        env.put(variable.getName(), directory.rewrite(namespace, value));
      } else if (source.getFieldRef() != null) {
        String path = source.getFieldRef().getFieldPath();
        env.put(
            variable.getName(),
            switch (path) {
              case "metadata.name" -> podName;
              case "metadata.namespace" -> namespace;
              default -> "";
            });
      }
    }
    for (Map.Entry<String, String> entry : env.entrySet()) {
      directory
          .unrewritten(entry.getValue())
          .ifPresent(address -> {
            throw new MissingReference(
                entry.getKey() + " names service " + address + ", which does not exist yet");
          });
    }
    return env;
  }

  private static String prefix(EnvFromSource from) {
    return from.getPrefix() == null ? "" : from.getPrefix();
  }

  private Map<String, String> configMap(String namespace, String name) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    if (map == null) {
      throw new MissingReference("config map " + namespace + "/" + name + " not found");
    }
    return map.getData() == null ? Map.of() : map.getData();
  }

  private Map<String, String> secret(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new MissingReference("secret " + namespace + "/" + name + " not found");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach((k, v) ->
              values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }
}
