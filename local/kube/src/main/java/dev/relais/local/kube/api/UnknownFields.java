package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields an object carries that its type does not declare, as the API server's strict decoding
 * finds them: against a CustomResourceDefinition's structural schema for custom resources, and
 * against the Fabric8 model (which keeps unknown fields aside) for built-in kinds.
 */
final class UnknownFields {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /** Model types that hold free-form JSON in their additional properties by design. */
  private static final Set<String> FREE_FORM =
      Set.of("FieldsV1", "RawExtension", "JSON", "AnyType", "GenericKubernetesResource");

  private UnknownFields() {}

  /** Unknown fields of a custom resource under its version's {@code openAPIV3Schema}. */
  static List<String> inCustomResource(JsonNode object, JsonNode schema) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : iterable(object)) {
      String name = field.getKey();
      if (name.equals("apiVersion") || name.equals("kind")) {
        continue;
      }
      if (name.equals("metadata")) {
        unknown.addAll(inModel(field.getValue(), ObjectMeta.class, "metadata"));
        continue;
      }
      JsonNode property = schema.path("properties").path(name);
      if (property.isMissingNode()) {
        if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
          unknown.add(name);
        }
      } else {
        walk(field.getValue(), property, name, unknown);
      }
    }
    return unknown;
  }

  private static void walk(JsonNode node, JsonNode schema, String path, List<String> unknown) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (Map.Entry<String, JsonNode> field : iterable(node)) {
        String at = path + "." + field.getKey();
        if (properties.has(field.getKey())) {
          walk(field.getValue(), properties.get(field.getKey()), at, unknown);
        } else if (additional.isObject()) {
          walk(field.getValue(), additional, at, unknown);
        } else if (!additional.asBoolean(false)) {
          unknown.add(at);
        }
      }
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), schema.get("items"), path + "[" + i + "]", unknown);
      }
    }
  }

  /** Unknown fields of {@code json} read as the model class {@code type}. */
  static List<String> inModel(JsonNode json, Class<?> type, String path) {
    List<String> unknown = new ArrayList<>();
    try {
      collect(Serialization.jsonMapper().treeToValue(json, type), path, unknown);
    } catch (Exception e) {
      // Not readable as the model type: the store's own checks answer for it.
    }
    return unknown;
  }

  private static void collect(Object value, String path, List<String> unknown) throws Exception {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collect(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        collect(e.getValue(), path + "." + e.getKey(), unknown);
      }
      return;
    }
    if (!value.getClass().getName().startsWith(MODEL_PACKAGE)
        || FREE_FORM.contains(value.getClass().getSimpleName())) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        Object extra = getter.invoke(value);
        if (extra instanceof Map<?, ?> fields) {
          fields.keySet().forEach(k -> unknown.add(join(path, String.valueOf(k))));
        }
        continue;
      }
      String property = Introspector.decapitalize(getter.getName().substring(3));
      collect(getter.invoke(value), join(path, property), unknown);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
