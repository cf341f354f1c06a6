package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with a
 * custom resource's printer columns (JSONPath on each object) or, for built-in kinds, the columns
 * an API server prints for them.
 */
public final class ResourceTables {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One column: its definition and how a cell is computed. */
  record Column(
      String name, String type, String format, String description, int priority, Cell cell) {}

  /** Computes a cell from an object. */
  @FunctionalInterface
  interface Cell {
    JsonNode of(JsonNode object, Instant now);
  }

  private static final Column NAME =
      new Column(
          "Name",
          "string",
          "name",
          "Name must be unique within a namespace.",
          0,
          (o, now) -> o.path("metadata").path("name"));

  private static final Column AGE =
      new Column(
          "Age",
          "date",
          "",
          "CreationTimestamp is the time the object was created.",
          0,
          (o, now) -> age(o.path("metadata").path("creationTimestamp"), now));

  private ResourceTables() {}

  /** The columns of {@code type}; {@code crd} is its definition when it is a custom resource. */
  static List<Column> columns(ApiResource type, JsonNode crd) {
    if (crd != null) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("name").asText().equals(type.version())
            && version.path("additionalPrinterColumns").size() > 0) {
          List<Column> columns = new ArrayList<>();
          columns.add(NAME);
          for (JsonNode c : version.path("additionalPrinterColumns")) {
            columns.add(printerColumn(c));
          }
          return columns;
        }
      }
      return List.of(NAME, AGE);
    }
    if (type.group().equals("apps") && type.kind().equals("Deployment")) {
      return List.of(
          NAME,
          new Column(
              "Ready",
              "string",
              "",
              "Number of the pod with ready state",
              0,
              (o, now) ->
                  JSON.textNode(
                      o.path("status").path("readyReplicas").asInt(0)
                          + "/"
                          + o.path("spec").path("replicas").asInt(1))),
          intColumn(
              "Up-to-date",
              "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
              "updatedReplicas"),
          intColumn(
              "Available",
              "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
              "availableReplicas"),
          AGE);
    }
    return List.of(NAME, AGE);
  }

  private static Column intColumn(String name, String description, String statusField) {
    return new Column(
        name,
        "integer",
        "",
        description,
        0,
        (o, now) -> JSON.numberNode(o.path("status").path(statusField).asLong(0)));
  }

  private static Column printerColumn(JsonNode definition) {
    String type = definition.path("type").asText("string");
    JsonPathExpression path = JsonPathExpression.parse(definition.path("jsonPath").asText());
    return new Column(
        definition.path("name").asText(),
        type,
        definition.path("format").asText(""),
        definition.path("description").asText(""),
        definition.path("priority").asInt(0),
        (o, now) -> {
          List<JsonNode> found = path.evaluate(o);
          if (found.isEmpty() || found.get(0).isNull()) {
            return JSON.nullNode();
          }
          return cell(type, found.get(0), now);
        });
  }

  /** A cell as the API server formats a printer column's value of {@code type}. */
  static JsonNode cell(String type, JsonNode value, Instant now) {
    return switch (type) {
      case "integer" ->
          value.canConvertToLong() ? JSON.numberNode(value.asLong()) : JSON.nullNode();
      case "number" -> value.isNumber() ? JSON.numberNode(value.asDouble()) : JSON.nullNode();
      case "boolean" -> value.isBoolean() ? value : JSON.nullNode();
      case "date" -> age(value, now);
      default -> JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
    };
  }

  /**
   * A Table of {@code body} (a list, or one object) with {@code columns}; rows carry the object as
   * {@code includeObject} says: None, Metadata (the default) or Object.
   */
  static ObjectNode table(JsonNode body, List<Column> columns, String includeObject, Instant now) {
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode listMeta = body.path("metadata");
    boolean list = body.has("items");
    if (list) {
      listMeta.fields().forEachRemaining(e -> metadata.set(e.getKey(), e.getValue()));
    } else if (listMeta.has("resourceVersion")) {
      metadata.set("resourceVersion", listMeta.get("resourceVersion"));
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column c : columns) {
      definitions
          .addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.format())
          .put("description", c.description())
          .put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : list ? body.path("items") : List.of(body)) {
      rows.add(row(object, columns, includeObject, now));
    }
    return table;
  }

  static ObjectNode row(JsonNode object, List<Column> columns, String includeObject, Instant now) {
    ObjectNode row = JSON.objectNode();
    ArrayNode cells = row.putArray("cells");
    for (Column c : columns) {
      cells.add(c.cell().of(object, now));
    }
    switch (includeObject == null ? "Metadata" : includeObject) {
      case "None" -> {}
      case "Object" -> row.set("object", object);
      default -> {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
    }
    return row;
  }

  private static JsonNode age(JsonNode timestamp, Instant now) {
    if (!timestamp.isTextual()) {
      return JSON.textNode("<unknown>");
    }
    try {
      return JSON.textNode(humanDuration(Duration.between(Instant.parse(timestamp.asText()), now)));
    } catch (DateTimeParseException e) {
      return JSON.textNode("<invalid>");
    }
  }

  /** A duration as kubectl and the API server print ages: "45s", "3m20s", "5h", "12d". */
  static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
