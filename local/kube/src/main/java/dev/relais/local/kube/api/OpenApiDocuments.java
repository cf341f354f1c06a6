package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * OpenAPI v3 ({@code /openapi/v3} and one document per group version), as kubectl reads it: {@code
 * explain} renders a custom resource's schema from its CRD, and {@code apply} learns from each
 * PATCH operation that the server validates fields itself ({@code fieldValidation}), so it sends
 * {@code fieldValidation=Strict} instead of validating against OpenAPI v2.
 *
 * <p>Built-in kinds are described by their paths only: explain knows custom resources alone.
 */
public final class OpenApiDocuments {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String PREFIX = "/openapi/v3/";

  private OpenApiDocuments() {}

  /**
   * The document at {@code path} ({@code /openapi/v3} or {@code /openapi/v3/apis/g/v}); {@code
   * crdOf} gives the CustomResourceDefinition of a served custom type, null for a built-in one.
   */
  static Optional<ObjectNode> document(
      String path, List<ApiResource> served, Function<ApiResource, JsonNode> crdOf) {
    Map<String, ObjectNode> documents = new LinkedHashMap<>();
    for (ApiResource r : served) {
      String key = r.group().isEmpty() ? "api/v1" : "apis/" + r.group() + "/" + r.version();
      ObjectNode document = documents.computeIfAbsent(key, k -> emptyDocument());
      add(document, r, crdOf.apply(r));
    }
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      ObjectNode root = JSON.objectNode();
      ObjectNode paths = root.putObject("paths");
      documents.forEach((key, document) ->
          paths.putObject(key).put("serverRelativeURL", PREFIX + key + "?hash=" + hash(document)));
      return Optional.of(root);
    }
    if (path.startsWith(PREFIX)) {
      return Optional.ofNullable(documents.get(path.substring(PREFIX.length())));
    }
    return Optional.empty();
  }

  private static ObjectNode emptyDocument() {
    ObjectNode document = JSON.objectNode();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Relais local API server").put("version", "v1.32.0");
    document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    schemas.set(OBJECT_META, objectMetaSchema());
    return document;
  }

  private static void add(ObjectNode document, ApiResource r, JsonNode crd) {
    ObjectNode gvk = JSON.objectNode();
    gvk.put("group", r.group()).put("version", r.version()).put("kind", r.kind());
    String collection =
        "/"
            + (r.group().isEmpty() ? "api/v1" : "apis/" + r.groupVersion())
            + (r.namespaced() ? "/namespaces/{namespace}/" : "/")
            + r.plural();
    ObjectNode paths = (ObjectNode) document.get("paths");
    ObjectNode item = paths.putObject(collection + "/{name}");
    item.set("get", operation("read" + r.kind(), "get", gvk, false));
    item.set("put", operation("replace" + r.kind(), "put", gvk, true));
    item.set("patch", operation("patch" + r.kind(), "patch", gvk, true));
    item.set("delete", operation("delete" + r.kind(), "delete", gvk, false));
    ObjectNode list = paths.putObject(collection);
    list.set("get", operation("list" + r.kind(), "list", gvk, false));
    list.set("post", operation("create" + r.kind(), "post", gvk, true));
    JsonNode schema = crd == null ? null : schemaOf(crd, r.version());
    if (schema != null) {
      ObjectNode definition = schema.deepCopy();
      definition.put("type", "object");
      ObjectNode properties =
          definition.has("properties")
              ? (ObjectNode) definition.get("properties")
              : definition.putObject("properties");
      ObjectNode withMeta = JSON.objectNode();
      withMeta
          .putObject("apiVersion")
          .put("type", "string")
          .put(
              "description",
              "APIVersion defines the versioned schema of this representation of an object.");
      withMeta
          .putObject("kind")
          .put("type", "string")
          .put(
              "description",
              "Kind is a string value representing the REST resource this object represents.");
      ObjectNode metadata = withMeta.putObject("metadata");
      metadata.put(
          "description",
          "Standard object's metadata. More info:"
              + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
      metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
      withMeta.setAll(properties);
      definition.set("properties", withMeta);
      ((ArrayNode) definition.putArray("x-kubernetes-group-version-kind")).add(gvk);
      ((ObjectNode) document.path("components").path("schemas")).set(schemaName(r), definition);
    }
  }

  /** The schema name the API server gives a custom kind: reversed group, version, kind. */
  static String schemaName(ApiResource r) {
    List<String> labels = new java.util.ArrayList<>(List.of(r.group().split("\\.")));
    java.util.Collections.reverse(labels);
    return String.join(".", labels) + "." + r.version() + "." + r.kind();
  }

  private static JsonNode schemaOf(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        JsonNode schema = v.path("schema").path("openAPIV3Schema");
        return schema.isObject() ? schema : null;
      }
    }
    return null;
  }

  private static ObjectNode operation(String id, String action, ObjectNode gvk, boolean writes) {
    ObjectNode op = JSON.objectNode();
    op.put("operationId", id);
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", gvk);
    ArrayNode parameters = op.putArray("parameters");
    if (writes) {
      ObjectNode validation = parameters.addObject();
      validation.put("name", "fieldValidation");
      validation.put("in", "query");
      validation.put(
          "description",
          "How the server treats fields it does not know or duplicated: Ignore, Warn or Strict.");
      validation.putObject("schema").put("type", "string").put("uniqueItems", true);
    }
    op.putObject("responses").putObject("200").put("description", "OK");
    return op;
  }

  private static ObjectNode objectMetaSchema() {
    ObjectNode schema = JSON.objectNode();
    schema.put("type", "object");
    schema.put(
        "description",
        "ObjectMeta is metadata that all persisted resources must have, which includes all objects"
            + " users must create.");
    ObjectNode properties = schema.putObject("properties");
    stringProperty(properties, "name", "Name must be unique within a namespace.");
    stringProperty(
        properties,
        "namespace",
        "Namespace defines the space within which each name must be unique.");
    stringProperty(
        properties,
        "generateName",
        "An optional prefix used by the server to generate a unique name.");
    stringProperty(properties, "uid", "UID is the unique in time and space value for this object.");
    stringProperty(
        properties,
        "resourceVersion",
        "An opaque value that represents the internal version of this object.");
    stringProperty(properties, "creationTimestamp", "The time this object was created.");
    stringProperty(
        properties, "deletionTimestamp", "The time after which this resource will be deleted.");
    properties
        .putObject("generation")
        .put("type", "integer")
        .put("format", "int64")
        .put(
            "description",
            "A sequence number representing a specific generation of the desired state.");
    properties
        .putObject("labels")
        .put("type", "object")
        .put(
            "description",
            "Map of string keys and values that can be used to organize and categorize objects.")
        .putObject("additionalProperties")
        .put("type", "string");
    properties
        .putObject("annotations")
        .put("type", "object")
        .put("description", "Unstructured key value map stored with a resource.")
        .putObject("additionalProperties")
        .put("type", "string");
    properties
        .putObject("finalizers")
        .put("type", "array")
        .put("description", "Must be empty before the object is deleted from the registry.")
        .putObject("items")
        .put("type", "string");
    properties
        .putObject("ownerReferences")
        .put("type", "array")
        .put("description", "List of objects depended by this object.")
        .putObject("items")
        .put("type", "object")
        .put("x-kubernetes-preserve-unknown-fields", true);
    return schema;
  }

  private static void stringProperty(ObjectNode properties, String name, String description) {
    properties.putObject(name).put("type", "string").put("description", description);
  }

  private static String hash(JsonNode document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(document.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16).toUpperCase();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
