package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relais.local.kube.ResourceValidator;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/** A refused request's {@code meta/v1 Status}, the body kubectl prints as "Error from server". */
final class ApiStatus {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ApiStatus() {}

  static ObjectNode failure(int code, String reason, String message) {
    ObjectNode status = JSON.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }

  static MockResponse response(ObjectNode status) {
    return new MockResponse()
        .setResponseCode(status.path("code").asInt())
        .setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }

  static MockResponse response(int code, String reason, String message) {
    return response(failure(code, reason, message));
  }

  /** 404 for a named object: {@code campaigns.relais.dev "winter-sale" not found}. */
  static MockResponse notFound(ApiResource type, String plural, String group, String name) {
    String resource = group.isEmpty() ? plural : plural + "." + group;
    ObjectNode status = failure(404, "NotFound", resource + " \"" + name + "\" not found");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", type == null ? plural : type.plural());
    return response(status);
  }

  /** 422 Invalid with one cause per problem, as the API server answers a schema violation. */
  static MockResponse invalid(
      String kind, String group, String name, List<ResourceValidator.Problem> problems) {
    StringBuilder message =
        new StringBuilder(
            kind + (group.isEmpty() ? "" : "." + group) + " \"" + name + "\" is invalid: ");
    ObjectNode status = failure(422, "Invalid", "");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (int i = 0; i < problems.size(); i++) {
      ResourceValidator.Problem p = problems.get(i);
      causes
          .addObject()
          .put("reason", "FieldValueInvalid")
          .put("message", "Invalid value: " + p.message())
          .put("field", p.field());
      message
          .append(i == 0 ? "" : ", ")
          .append(p.field())
          .append(": Invalid value: ")
          .append(p.message());
    }
    if (problems.size() > 1) {
      message.insert(message.indexOf(": ") + 2, "[").append("]");
    }
    status.put("message", message.toString());
    return response(status);
  }
}
