package dev.relais.local.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code secret} volumes of a local pod: each mounted Secret's keys written as files (0600)
 * under the pod's own directory, {@code <pod directory>/<volume>/<key>}.
 *
 * <p>Local-only behaviour: the process runs on this machine, with no mount namespace, so a
 * container's {@code mountPath} (e.g. /etc/relais/tls) cannot exist as such. Instead every
 * environment value that starts with a volume's mountPath is rewritten to the volume's directory
 * (TLS_CERT=/etc/relais/tls/tls.crt becomes {@code <pod directory>/relais-tls/tls.crt}): a program
 * that finds its files through its environment sees them where its pod template says. A program
 * that opens a mount path it was not told through the environment finds nothing. Other volume kinds
 * (emptyDir) are left to the program's defaults, as before.
 */
final class PodVolumes {

  private final KubernetesClient client;

  PodVolumes(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Writes the Secret volumes {@code container} mounts into {@code podDirectory} (replacing what an
   * earlier pod of the same name left) and returns each mountPath with the local directory it
   * stands for.
   *
   * @throws PodEnvironment.MissingReference when a mounted Secret or an item's key does not exist
   */
  Map<String, Path> mount(String namespace, PodSpec pod, Container container, Path podDirectory) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    if (container.getVolumeMounts() == null || pod.getVolumes() == null) {
      return mounts;
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElse(null);
      if (volume == null || volume.getSecret() == null) {
        continue;
      }
      Path directory = podDirectory.resolve(volume.getName());
      write(directory, files(namespace, volume));
      mounts.put(trimSlash(mount.getMountPath()), directory);
    }
    return mounts;
  }

  /**
   * {@code env} with every value that starts with a mountPath of {@code mounts} pointing into that
   * mount's local directory instead.
   */
  static Map<String, String> rewrite(Map<String, String> env, Map<String, Path> mounts) {
    Map<String, String> rewritten = new LinkedHashMap<>();
    env.forEach((name, value) -> rewritten.put(name, rewrite(value, mounts)));
    return rewritten;
  }

  private static String rewrite(String value, Map<String, Path> mounts) {
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String path = mount.getKey();
      if (value.equals(path) || value.startsWith(path + "/")) {
        return mount.getValue() + value.substring(path.length());
      }
    }
    return value;
  }

  /** The files of a Secret volume: every key, or the volume's items (key to path). */
  private Map<String, byte[]> files(String namespace, Volume volume) {
    String name = volume.getSecret().getSecretName();
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    boolean optional = Boolean.TRUE.equals(volume.getSecret().getOptional());
    if (secret == null) {
      if (optional) {
        return Map.of();
      }
      throw new PodEnvironment.MissingReference("secret " + namespace + "/" + name + " not found");
    }
    Map<String, byte[]> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> values.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (volume.getSecret().getItems() == null || volume.getSecret().getItems().isEmpty()) {
      return values;
    }
    Map<String, byte[]> items = new LinkedHashMap<>();
    for (KeyToPath item : volume.getSecret().getItems()) {
      byte[] value = values.get(item.getKey());
      if (value == null) {
        throw new PodEnvironment.MissingReference(
            "secret " + namespace + "/" + name + " has no key " + item.getKey());
      }
      items.put(item.getPath(), value);
    }
    return items;
  }

  private static void write(Path directory, Map<String, byte[]> files) {
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> old = Files.walk(directory)) {
          for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = directory.resolve(file.getKey()).normalize();
        if (!target.startsWith(directory)) {
          throw new PodEnvironment.MissingReference(
              "secret volume path " + file.getKey() + " leaves the volume");
        }
        Files.createDirectories(target.getParent());
        Files.write(target, new byte[0]);
        // Private before the content is written: a key is never readable by others.
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Files.write(target, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the volume " + directory, e);
    }
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
