package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Relais manifests of a directory, read as {@code kubectl apply -f <dir>} would: every {@code
 * .yaml}/{@code .yml} file in name order, several documents per file allowed.
 */
public record Manifests(
    List<Secret> secrets,
    List<SmsPlatform> platforms,
    List<SmppRoute> routes,
    List<SenderId> senders,
    List<Segment> segments,
    List<Campaign> campaigns) {

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Secret", Secret.class,
          "SmsPlatform", SmsPlatform.class,
          "SmppRoute", SmppRoute.class,
          "SenderId", SenderId.class,
          "Segment", Segment.class,
          "Campaign", Campaign.class);

  /** Loads a directory; an unknown kind or unparsable document fails with its file name. */
  public static Manifests load(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("not a directory of manifests: " + directory);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files =
          list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    Manifests manifests =
        new Manifests(
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>());
    for (Path file : files) {
      for (String document : documents(Files.readString(file))) {
        manifests.add(file, document);
      }
    }
    return manifests;
  }

  static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      boolean hasContent =
          document.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
      if (hasContent) {
        documents.add(document);
      }
    }
    return documents;
  }

  private void add(Path file, String document) {
    GenericKubernetesResource generic;
    try {
      generic = Serialization.unmarshal(document, GenericKubernetesResource.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a Kubernetes manifest: " + e.getMessage());
    }
    Class<? extends HasMetadata> type = KINDS.get(generic.getKind());
    if (type == null) {
      throw new IllegalArgumentException(
          file + ": kind " + generic.getKind() + " is not one the local platform applies");
    }
    HasMetadata resource = Serialization.unmarshal(document, type);
    if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
      throw new IllegalArgumentException(file + ": " + generic.getKind() + " without a name");
    }
    if (resource.getMetadata().getGeneration() == null) {
      resource.getMetadata().setGeneration(1L);
    }
    switch (resource) {
      case Secret s -> secrets.add(s);
      case SmsPlatform p -> platforms.add(p);
      case SmppRoute r -> routes.add(r);
      case SenderId s -> senders.add(s);
      case Segment s -> segments.add(s);
      case Campaign c -> campaigns.add(c);
      default -> throw new IllegalStateException("unreachable: " + type);
    }
  }

  /** Resolves a secret key reference in the namespace of the referring resource. */
  public String secretValue(String namespace, SecretKeyRef ref) {
    Secret secret =
        secrets.stream()
            .filter(s -> s.getMetadata().getName().equals(ref.name))
            .filter(s -> namespace == null || namespace.equals(s.getMetadata().getNamespace()))
            .findFirst()
            .orElseThrow(() ->
                new IllegalArgumentException("Secret " + ref.name + " not found in manifests"));
    return secretValue(secret, ref.key);
  }

  /**
   * The value of a Secret's key, from {@code stringData} (as written in a manifest) or {@code data}
   * (base64, as an API server keeps it).
   *
   * @throws IllegalArgumentException when the Secret has no such key
   */
  public static String secretValue(Secret secret, String key) {
    String plain = Optional.ofNullable(secret.getStringData()).map(d -> d.get(key)).orElse(null);
    if (plain != null) {
      return plain;
    }
    String encoded = Optional.ofNullable(secret.getData()).map(d -> d.get(key)).orElse(null);
    if (encoded == null) {
      throw new IllegalArgumentException(
          "Secret " + secret.getMetadata().getName() + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  public Optional<SenderId> sender(String namespace, String name) {
    return senders.stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .filter(s -> namespace == null || namespace.equals(s.getMetadata().getNamespace()))
        .findFirst();
  }

  public Optional<Segment> segment(String namespace, String name) {
    return segments.stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .filter(s -> namespace == null || namespace.equals(s.getMetadata().getNamespace()))
        .findFirst();
  }
}
