package dev.relais.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The openAPIV3Schema of each relais.dev kind, read from CRD YAML files: those this jar carries
 * (the repository's committed crds/, copied in at build time) or those of a directory.
 */
public final class CrdSchemas {

  /** Where the build puts the committed CRDs in this module's jar. */
  static final String BUNDLED = "crds/";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, Kind> kinds;

  /**
   * One kind: its API version and the schema of its served version.
   *
   * @param name the kind, e.g. Campaign
   * @param apiVersion group/version, e.g. relais.dev/v1alpha1
   * @param schema the openAPIV3Schema of that version
   */
  public record Kind(String name, String apiVersion, JsonNode schema) {}

  private CrdSchemas(Map<String, Kind> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  /** The schemas of the CRDs this jar carries: those the platform's chart installs. */
  public static CrdSchemas bundled() {
    URL directory = CrdSchemas.class.getResource(BUNDLED);
    if (directory == null) {
      throw new IllegalStateException(
          "relais-manifests carries no CRDs (" + BUNDLED + "): the jar was built without them");
    }
    try {
      URI uri = directory.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return read(jar.provider().getPath(uri));
        } catch (FileSystemAlreadyExistsException e) {
          // Opened by someone else, who closes it.
          return read(FileSystems.getFileSystem(uri).provider().getPath(uri));
        }
      }
      return read(Path.of(uri));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the bundled CRDs at " + directory, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled CRDs at " + directory, e);
    }
  }

  /**
   * The schemas of every CRD file ({@code *.yaml}) in {@code directory}.
   *
   * @throws UncheckedIOException when the directory or a file cannot be read
   */
  public static CrdSchemas fromDirectory(Path directory) {
    try {
      return read(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs in " + directory, e);
    }
  }

  private static CrdSchemas read(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    Map<String, Kind> kinds = new LinkedHashMap<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        JsonNode spec = YAML.readTree(in).path("spec");
        String group = spec.path("group").asText();
        String kind = spec.path("names").path("kind").asText();
        for (JsonNode version : spec.path("versions")) {
          if (!version.path("served").asBoolean(true)) {
            continue;
          }
          kinds.put(
              kind,
              new Kind(
                  kind,
                  group + "/" + version.path("name").asText(),
                  version.path("schema").path("openAPIV3Schema")));
        }
      } catch (IOException e) {
        throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    if (kinds.isEmpty()) {
      throw new IOException("no CRD (*.yaml) in " + directory);
    }
    return new CrdSchemas(kinds);
  }

  /** The kind named {@code name} (e.g. Campaign), when one of these CRDs defines it. */
  public Optional<Kind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  /** The kinds these CRDs define. */
  public Set<String> kinds() {
    return kinds.keySet();
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
    withoutExtensions(copy);
    return copy;
  }

  /**
   * Drops the Kubernetes extensions (x-kubernetes-validations...), which are no JSON Schema: the
   * CEL rules are run apart, and the JSON Schema validator would warn about unknown keywords.
   */
  private static void withoutExtensions(JsonNode node) {
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    List<String> extensions = new ArrayList<>();
    object
        .fieldNames()
        .forEachRemaining(f -> {
          if (f.startsWith("x-kubernetes-")) {
            extensions.add(f);
          }
        });
    object.remove(extensions);
    object.path("properties").forEach(CrdSchemas::withoutExtensions);
    withoutExtensions(object.get("items"));
    withoutExtensions(object.get("additionalProperties"));
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
