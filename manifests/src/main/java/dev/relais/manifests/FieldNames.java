package dev.relais.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The fields a schema allows where a user wrote an unknown one, and which of them was meant. */
final class FieldNames {

  private FieldNames() {}

  /**
   * The fields of the object holding the unknown field of {@code message}, in the schema's order;
   * empty when the schema says nothing of them.
   */
  static List<String> of(JsonNode schema, ValidationMessage message) {
    JsonNodePath location = message.getInstanceLocation();
    JsonNode node = schema;
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer) {
        node = node.path("items");
      } else if (node.path("properties").has(String.valueOf(element))) {
        node = node.path("properties").path(String.valueOf(element));
      } else {
        // A key of a map: each value has the schema of additionalProperties.
        node = node.path("additionalProperties");
      }
    }
    List<String> fields = new ArrayList<>();
    node.path("properties").fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  /**
   * The field {@code written} most likely stands for: the one fewest edits away (letter case
   * aside), if at most a third of its letters (at least one) differ and no other is as close; else
   * the only field that begins with it.
   */
  static Optional<String> closest(String written, List<String> fields) {
    int allowed = Math.max(1, written.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String field : fields) {
      int distance = distance(written.toLowerCase(Locale.ROOT), field.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = field;
        bestDistance = distance;
        tie = false;
      } else if (distance == bestDistance) {
        tie = true;
      }
    }
    if (best != null && bestDistance <= allowed && !tie) {
      return Optional.of(best);
    }
    return startOfOne(written, fields);
  }

  /**
   * The one field that begins with {@code written} (4 letters or more), as senderId senderIdRef.
   */
  private static Optional<String> startOfOne(String written, List<String> fields) {
    if (written.length() < 4) {
      return Optional.empty();
    }
    String start = written.toLowerCase(Locale.ROOT);
    List<String> longer =
        fields.stream().filter(f -> f.toLowerCase(Locale.ROOT).startsWith(start)).toList();
    return longer.size() == 1 ? Optional.of(longer.get(0)) : Optional.empty();
  }

  /** Edits (insert, delete, replace, swap two neighbours) from a to b. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int replace = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + replace);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
