package dev.relais.cli.lint;

import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The relais.dev resources among the linted documents that the API server would accept, read into
 * the operator's own classes, so that references between them can be resolved as the operator
 * resolves them: by name, within a namespace.
 */
final class LintedResources {

  private final Map<String, List<HasMetadata>> byKind = new HashMap<>();

  /** The typed resource of one accepted document, or empty for a kind the lint does not read. */
  static Optional<HasMetadata> read(LintedDocument document) {
    Class<? extends HasMetadata> type =
        switch (document.kind()) {
          case "SmsPlatform" -> SmsPlatform.class;
          case "SmppRoute" -> SmppRoute.class;
          case "SenderId" -> SenderId.class;
          case "Segment" -> Segment.class;
          case "Campaign" -> dev.relais.operator.api.Campaign.class;
          default -> null;
        };
    if (type == null) {
      return Optional.empty();
    }
    HasMetadata resource = Serialization.unmarshal(document.content().toString(), type);
    if (resource.getMetadata().getNamespace() == null) {
      resource.getMetadata().setNamespace(document.namespace());
    }
    return Optional.of(resource);
  }

  void add(HasMetadata resource) {
    byKind.computeIfAbsent(resource.getKind(), k -> new ArrayList<>()).add(resource);
  }

  <T extends HasMetadata> List<T> all(Class<T> type, String kind, String namespace) {
    List<T> out = new ArrayList<>();
    for (HasMetadata resource : byKind.getOrDefault(kind, List.of())) {
      if (namespace.equals(resource.getMetadata().getNamespace())) {
        out.add(type.cast(resource));
      }
    }
    return out;
  }

  <T extends HasMetadata> Optional<T> named(
      Class<T> type, String kind, String namespace, String name) {
    return all(type, kind, namespace).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst();
  }

  Optional<SenderId> senderId(String namespace, String name) {
    return named(SenderId.class, "SenderId", namespace, name);
  }

  Optional<Segment> segment(String namespace, String name) {
    return named(Segment.class, "Segment", namespace, name);
  }

  List<SmppRoute> routes(String namespace) {
    return all(SmppRoute.class, "SmppRoute", namespace);
  }

  List<SmsPlatform> platforms(String namespace) {
    return all(SmsPlatform.class, "SmsPlatform", namespace);
  }
}
