package dev.relais.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The openAPIV3Schema of each relais.dev kind, read from the committed CRDs under crds/. */
final class CrdSchemas {

  /** Surefire runs in the operator module; the CRDs live at the repository root. */
  static final Path COMMITTED = Path.of("../crds");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, Kind> kinds;

  /** One kind: its API version and the schema of its single served version. */
  record Kind(String name, String apiVersion, JsonNode schema) {}

  private CrdSchemas(Map<String, Kind> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  /** The schemas of every CRD in {@link #COMMITTED}. */
  static CrdSchemas committed() {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(COMMITTED)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      try {
        JsonNode crd = YAML.readTree(file.toFile());
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        for (JsonNode version : spec.path("versions")) {
          String kind = spec.path("names").path("kind").asText();
          kinds.put(
              kind,
              new Kind(
                  kind,
                  group + "/" + version.path("name").asText(),
                  version.path("schema").path("openAPIV3Schema")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return new CrdSchemas(kinds);
  }

  Optional<Kind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  /**
   * The schema as `kubectl apply` (strict field validation, the default) enforces it: an unknown
   * field below the root is an error, not silently pruned. The root keeps apiVersion, kind and
   * metadata, which the API server validates itself.
   */
  static JsonNode strict(JsonNode schema) {
    ObjectNode copy = schema.deepCopy();
    JsonNode properties = copy.path("properties");
    properties.forEach(CrdSchemas::closeObjects);
    return copy;
  }

  private static void closeObjects(JsonNode node) {
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    if (object.has("properties")
        && !object.has("additionalProperties")
        && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      object.put("additionalProperties", false);
    }
    object.path("properties").forEach(CrdSchemas::closeObjects);
    closeObjects(object.get("items"));
    closeObjects(object.get("additionalProperties"));
  }
}
