package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * JSON merge patch (RFC 7386), and the strategic merge patches it can stand for: one without
 * directives ({@code $patch}, {@code $setElementOrder/...}, {@code $retainKeys}, {@code
 * $deleteFromPrimitiveList/...}) merges maps the same way, and replaces the lists it names.
 */
final class MergePatch {

  private MergePatch() {}

  /** {@code target} with {@code patch} merged in; {@code target} is not changed. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : ((ObjectNode) patch).objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /** The first strategic-merge directive in {@code patch} (its JSON path), if any. */
  static Optional<String> strategicDirective(JsonNode patch, String path) {
    if (patch.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = path + "." + field.getKey();
        if (field.getKey().startsWith("$")) {
          return Optional.of(at);
        }
        Optional<String> inside = strategicDirective(field.getValue(), at);
        if (inside.isPresent()) {
          return inside;
        }
      }
    } else if (patch.isArray()) {
      for (int i = 0; i < patch.size(); i++) {
        Optional<String> inside = strategicDirective(patch.get(i), path + "[" + i + "]");
        if (inside.isPresent()) {
          return inside;
        }
      }
    }
    return Optional.empty();
  }
}
