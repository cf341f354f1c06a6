package dev.relais.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks manifests the way the API server checks them against the relais.dev CRDs: the structural
 * schema with strict field validation (what `kubectl apply` does by default), then, after
 * defaulting, the CEL rules. Other kinds (Secrets...) only need an apiVersion, a kind and a name.
 *
 * <p>Safe for concurrent use: one instance can check every document an API server receives.
 */
public final class ManifestValidator {

  /**
   * The outcome for one YAML document.
   *
   * @param file the file it came from
   * @param document its position in the file, from 1 (empty documents count too)
   * @param kind its kind, or {@code <no kind>}
   * @param name namespace/name, the namespace {@code default} when it names none
   * @param problems why the API server would refuse it; empty when it would accept it
   */
  public record Result(
      Path file, int document, String kind, String name, List<ManifestProblem> problems) {

    public boolean valid() {
      return problems.isEmpty();
    }

    /** How a user reads it: where, what, and each problem on its own line. */
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      out.append(file)
          .append(" (document ")
          .append(document)
          .append(", ")
          .append(kind)
          .append(' ')
          .append(name)
          .append("): ")
          .append(valid() ? "valid" : "refused");
      for (ManifestProblem problem : problems) {
        out.append("\n  - ").append(problem);
      }
      return out.toString();
    }
  }

  /**
   * One non-empty document of a YAML file.
   *
   * @param index its position in the file, from 1 (empty documents count too)
   */
  public record Document(int index, JsonNode content) {}

  private final CrdSchemas schemas;
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** A validator against the given CRDs. */
  public ManifestValidator(CrdSchemas schemas) {
    this.schemas = schemas;
  }

  /** A validator against the CRDs this jar carries (see {@link CrdSchemas#bundled()}). */
  public static ManifestValidator bundled() {
    return new ManifestValidator(CrdSchemas.bundled());
  }

  /** The CRDs this validator checks against. */
  public CrdSchemas schemas() {
    return schemas;
  }

  /**
   * The non-empty documents of a YAML (or JSON) file, in order.
   *
   * @throws IOException when the file cannot be read or is not YAML
   */
  public static List<Document> documents(Path file) throws IOException {
    List<Document> out = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        CrdSchemas.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      // hasNextValue, not hasNext: a syntax error is an IOException, not a runtime exception.
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        index++;
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        out.add(new Document(index, document));
      }
    }
    return out;
  }

  /**
   * Every document of a YAML file, checked.
   *
   * @throws IOException when the file cannot be read or is not YAML
   */
  public List<Result> validate(Path file) throws IOException {
    List<Result> results = new ArrayList<>();
    for (Document document : documents(file)) {
      results.add(validate(file, document.index(), document.content()));
    }
    return results;
  }

  /**
   * Why the API server would refuse one document, given as YAML or JSON text; empty when it would
   * accept it.
   *
   * @throws IllegalArgumentException when the text is not one YAML or JSON object
   */
  public List<ManifestProblem> problems(String yamlOrJson) {
    JsonNode document;
    try {
      document = CrdSchemas.YAML.readTree(yamlOrJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a YAML or JSON document: " + e.getMessage(), e);
    }
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("not a YAML or JSON object");
    }
    return problems(document);
  }

  /** Why the API server would refuse one document; empty when it would accept it. */
  public List<ManifestProblem> problems(JsonNode document) {
    return validate(null, 1, document).problems();
  }

  /**
   * The document as the API server stores it: the schema's defaults filled in where it sets none (a
   * copy; {@code document} is left as it is). A document of no relais.dev kind comes back as is.
   */
  public JsonNode defaulted(JsonNode document) {
    Optional<CrdSchemas.Kind> crd = schemas.kind(document.path("kind").asText());
    JsonNode copy = document.deepCopy();
    return crd.isPresent() ? Defaults.apply(crd.get().schema(), copy) : copy;
  }

  /** One document of {@code file} (at position {@code index}), checked. */
  public Result validate(Path file, int index, JsonNode document) {
    String kind = document.path("kind").asText("<no kind>");
    String name =
        document.path("metadata").path("namespace").asText("default")
            + "/"
            + document.path("metadata").path("name").asText("<no name>");
    List<ManifestProblem> problems = new ArrayList<>();
    if (!document.hasNonNull("apiVersion")) {
      problems.add(new ManifestProblem("apiVersion", "is required"));
    }
    if (!document.hasNonNull("kind")) {
      problems.add(new ManifestProblem("kind", "is required"));
    }
    if (!document.path("metadata").hasNonNull("name")) {
      problems.add(new ManifestProblem("metadata.name", "is required"));
    }
    Optional<CrdSchemas.Kind> crd = schemas.kind(kind);
    String apiVersion = document.path("apiVersion").asText();
    if (crd.isPresent()) {
      if (!crd.get().apiVersion().equals(apiVersion)) {
        problems.add(
            new ManifestProblem(
                "apiVersion",
                kind + " is served as " + crd.get().apiVersion() + ", not " + apiVersion));
      } else {
        problems.addAll(schemaProblems(crd.get(), document));
        if (problems.isEmpty()) {
          JsonNode defaulted = Defaults.apply(crd.get().schema(), document.deepCopy());
          problems.addAll(CelRules.check(crd.get().schema(), defaulted, ""));
        }
      }
    } else if (apiVersion.startsWith("relais.dev/")) {
      problems.add(new ManifestProblem("kind", "relais.dev has no kind " + kind));
    }
    return new Result(file, index, kind, name, List.copyOf(problems));
  }

  private List<ManifestProblem> schemaProblems(CrdSchemas.Kind kind, JsonNode document) {
    JsonSchema schema =
        compiled.computeIfAbsent(
            kind.name(),
            k ->
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                    .getSchema(
                        CrdSchemas.strict(kind.schema()),
                        SchemaValidatorsConfig.builder().build()));
    return schema.validate(document).stream()
        .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
        .map(m -> readable(kind.schema(), m))
        .distinct()
        .collect(Collectors.toList());
  }

  /** The validator's message in the words of the field a user wrote. */
  private static ManifestProblem readable(JsonNode schema, ValidationMessage message) {
    String at = field(message.getInstanceLocation());
    JsonNode value = message.getInstanceNode();
    Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
    return switch (message.getType()) {
      case "required" ->
          new ManifestProblem(CelRules.join(at, message.getProperty()), "is required");
      case "additionalProperties" ->
          new ManifestProblem(
              CelRules.join(at, message.getProperty()),
              notAField(at, message.getProperty(), FieldNames.of(schema, message)));
      case "pattern" ->
          new ManifestProblem(
              at, quoted(value) + " does not match \"" + message.getSchemaNode().asText() + "\"");
      case "maximum" ->
          new ManifestProblem(at, value + " is above the maximum " + number(arg(args, 0)));
      case "minimum" ->
          new ManifestProblem(at, value + " is below the minimum " + number(arg(args, 0)));
      case "maxLength" -> new ManifestProblem(at, "is longer than " + arg(args, 0) + " characters");
      case "minLength" ->
          new ManifestProblem(at, "needs at least " + arg(args, 0) + " character(s)");
      case "maxItems" -> new ManifestProblem(at, "has more than " + arg(args, 0) + " items");
      case "minItems" -> new ManifestProblem(at, "needs at least " + arg(args, 0) + " item(s)");
      case "type" ->
          new ManifestProblem(
              at,
              "must be " + article(message.getSchemaNode().asText()) + ", not " + quoted(value));
      default -> new ManifestProblem(at, message.getMessage().replaceFirst("^\\$[^:]*: ", ""));
    };
  }

  /**
   * Why an unknown field is refused, with the field the user most likely meant, else the fields
   * there are: {@code did you mean "suspend"?}, {@code spec.schedule has deadline, maxRate, start
   * and timeZone}.
   */
  private static String notAField(String parent, String name, List<String> fields) {
    Optional<String> meant = FieldNames.closest(name, fields);
    if (meant.isPresent()) {
      return "is not a field: did you mean \"" + meant.get() + "\"?";
    }
    if (fields.isEmpty()) {
      return "is not a field (misspelt, or misplaced?)";
    }
    return "is not a field (misspelt, or misplaced?): "
        + parent
        + " has "
        + (fields.size() == 1
            ? fields.get(0)
            : String.join(", ", fields.subList(0, fields.size() - 1))
                + " and "
                + fields.get(fields.size() - 1));
  }

  /** spec.prefixes[0] rather than a JSON pointer or JSONPath. */
  private static String field(JsonNodePath location) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(element);
      }
    }
    return out.toString();
  }

  private static String number(Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return String.valueOf(n.longValue());
    }
    return String.valueOf(value);
  }

  private static String quoted(JsonNode value) {
    return value == null ? "null" : value.toString();
  }

  private static Object arg(Object[] args, int index) {
    return index < args.length ? args[index] : "?";
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "object", "array" -> "an " + type;
      default -> "a " + type;
    };
  }

  /** Fills schema defaults into a document, as the API server does before CEL rules run. */
  static final class Defaults {

    private Defaults() {}

    static JsonNode apply(JsonNode schema, JsonNode value) {
      if (value instanceof ObjectNode object) {
        schema
            .path("properties")
            .fields()
            .forEachRemaining(property -> {
              JsonNode defaultValue = property.getValue().get("default");
              if (!object.has(property.getKey()) && defaultValue != null) {
                object.set(property.getKey(), defaultValue.deepCopy());
              }
              if (object.has(property.getKey())) {
                apply(property.getValue(), object.get(property.getKey()));
              }
            });
      } else if (value != null && value.isArray() && schema.has("items")) {
        value.forEach(item -> apply(schema.get("items"), item));
      }
      return value;
    }
  }
}
