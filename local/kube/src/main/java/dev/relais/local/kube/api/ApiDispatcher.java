package dev.relais.local.kube.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relais.local.kube.ResourceValidator;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The Fabric8 CRUD dispatcher (storage, watches, generations, resource versions), with what a real
 * client such as kubectl needs on top: discovery, OpenAPI v3, server-side Tables, merge and
 * strategic merge patches, field selectors on any field, field validation, a validation hook for
 * custom resources, and {@code Status} bodies on every refusal.
 */
public final class ApiDispatcher extends KubernetesCrudDispatcher {

  private static final ObjectMapper MAPPER = Serialization.jsonMapper();
  private static final String CRD_LIST = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final int PATCH_ATTEMPTS = 5;

  private final String validatedGroup;
  private final Clock clock;
  private volatile ResourceValidator validator = ResourceValidator.NONE;

  /**
   * @param validatedGroup the API group whose objects go through the {@link ResourceValidator}
   */
  public ApiDispatcher(String validatedGroup, Clock clock) {
    this.validatedGroup = validatedGroup;
    this.clock = clock;
  }

  public void validateWith(ResourceValidator validator) {
    this.validator = validator;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    ResourcePath path = ResourcePath.parse(request.getPath());
    try {
      return switch (request.method()) {
        case GET -> get(request, path);
        case POST, PUT -> write(request, path);
        case PATCH -> patch(request, path);
        case DELETE -> withStatus(super.handleDelete(path.pathAndQuery()), path);
        default -> ApiStatus.response(405, "MethodNotAllowed", "method not allowed");
      };
    } catch (IllegalArgumentException e) {
      return ApiStatus.response(400, "BadRequest", String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      return ApiStatus.response(500, "InternalError", String.valueOf(e.getMessage()));
    }
  }

  /** Every resource type served now: the built-in ones and those of the stored CRDs. */
  public List<ApiResource> served() {
    List<ApiResource> served = new ArrayList<>(ApiResource.BUILT_IN);
    for (JsonNode crd : crds()) {
      served.addAll(ApiResource.fromCrd(crd));
    }
    return served;
  }

  private List<JsonNode> crds() {
    MockResponse response = super.handleGet(CRD_LIST);
    List<JsonNode> crds = new ArrayList<>();
    read(response).path("items").forEach(crds::add);
    return crds;
  }

  private JsonNode crdOf(ApiResource type) {
    for (JsonNode crd : crds()) {
      JsonNode spec = crd.path("spec");
      if (spec.path("group").asText().equals(type.group())
          && spec.path("names").path("plural").asText().equals(type.plural())) {
        return crd;
      }
    }
    return null;
  }

  private Optional<ApiResource> typeOf(ResourcePath path) {
    return served().stream()
        .filter(r ->
            r.group().equals(path.group())
                && r.version().equals(path.version())
                && r.plural().equals(path.plural()))
        .findFirst();
  }

  private MockResponse get(RecordedRequest request, ResourcePath path) {
    String p = path.path();
    if (p.equals("/version")) {
      return json(version());
    }
    if (p.equals("/healthz") || p.equals("/readyz") || p.equals("/livez")) {
      return new MockResponse().setResponseCode(200).setBody("ok");
    }
    if (ApiDiscovery.isDiscoveryPath(p)) {
      return ApiDiscovery.document(p, served())
          .map(ApiDispatcher::json)
          .orElseGet(() ->
              ApiStatus.response(
                  404, "NotFound", "the server could not find the requested resource"));
    }
    if (p.startsWith("/openapi/v3")) {
      return OpenApiDocuments.document(p, served(), this::crdOf)
          .map(ApiDispatcher::json)
          .orElseGet(() -> ApiStatus.response(404, "NotFound", "no OpenAPI v3 document at " + p));
    }
    if (p.startsWith("/openapi/") || p.startsWith("/swagger")) {
      return ApiStatus.response(
          404, "NotFound", "this server publishes OpenAPI v3 only (/openapi/v3)");
    }
    if (path.plural() == null) {
      return ApiStatus.response(
          404, "NotFound", "the server could not find the requested resource");
    }
    FieldSelector selector = FieldSelector.parse(path.query().get("fieldSelector"));
    String storePath = path.withQuery("fieldSelector", selector.storeTerms());
    if (path.isWatch()) {
      return super.handleGet(storePath);
    }
    MockResponse response = withStatus(super.handleGet(storePath), path);
    if (response.code() != 200) {
      return response;
    }
    JsonNode body = read(response);
    Optional<ApiResource> type = typeOf(path);
    if (body.has("items")) {
      ObjectNode list = ((ObjectNode) body).deepCopy();
      if (!selector.filterTerms().isEmpty()) {
        list.putArray("items").addAll(selector.keep(body.path("items")));
      }
      if (type.isPresent()) {
        // The store answers "List"; typed clients (kubectl describe's events) need "EventList".
        list.put("kind", type.get().kind() + "List");
        list.put("apiVersion", type.get().groupVersion());
      }
      body = list;
    }
    if (acceptsTable(request)) {
      List<ResourceTables.Column> columns =
          type.map(t -> ResourceTables.columns(t, crdOf(t)))
              .orElseGet(() -> ResourceTables.columns(fallbackType(path), null));
      body =
          ResourceTables.table(body, columns, path.query().get("includeObject"), clock.instant());
    }
    return json(body);
  }

  /**
   * How each event of a watch opened by {@code request} is sent: filtered by the field selector
   * terms the store does not match itself, replayed objects older than the requested resource
   * version dropped, and objects turned into Table rows when the client asked for Tables. Null
   * means the event is not sent.
   */
  public UnaryOperator<String> watchEvents(RecordedRequest request) {
    ResourcePath path = ResourcePath.parse(request.getPath());
    FieldSelector selector = FieldSelector.parse(path.query().get("fieldSelector"));
    long since = parseLong(path.query().get("resourceVersion"));
    boolean table = acceptsTable(request);
    List<ResourceTables.Column> columns =
        table
            ? typeOf(path)
                .map(t -> ResourceTables.columns(t, crdOf(t)))
                .orElseGet(() -> ResourceTables.columns(fallbackType(path), null))
            : List.of();
    String includeObject = path.query().get("includeObject");
    return event -> {
      JsonNode parsed = read(event);
      JsonNode object = parsed.path("object");
      String type = parsed.path("type").asText();
      if (!selector.matches(object)) {
        return null;
      }
      if (type.equals("ADDED")
          && since > 0
          && parseLong(object.path("metadata").path("resourceVersion").asText()) <= since) {
        return null;
      }
      if (!table) {
        return event;
      }
      ObjectNode converted = MAPPER.createObjectNode();
      converted.put("type", type);
      ObjectNode rows = ResourceTables.table(object, columns, includeObject, clock.instant());
      converted.set("object", rows);
      return converted.toString();
    };
  }

  private MockResponse write(RecordedRequest request, ResourcePath path) {
    String body =
        request.getBody() == null
            ? ""
            : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    JsonNode object;
    try {
      object = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return ApiStatus.response(
          400, "BadRequest", "the request body is not JSON: " + e.getOriginalMessage());
    }
    if (object == null || !object.isObject()) {
      return ApiStatus.response(400, "BadRequest", "the request body is not a JSON object");
    }
    Checked checked = check(path, object);
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    RecordedRequest store = rebuilt(request, path.path(), body);
    MockResponse response =
        request.method() == HttpMethod.POST ? super.handleCreate(store) : super.handleUpdate(store);
    return checked.warn(withStatus(response, path));
  }

  private MockResponse patch(RecordedRequest request, ResourcePath path) {
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    JsonNode patch;
    try {
      patch = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return ApiStatus.response(
          400, "BadRequest", "the patch is not JSON: " + e.getOriginalMessage());
    }
    Optional<ApiResource> type = typeOf(path);
    boolean custom = type.isPresent() && crdOf(type.get()) != null;
    if (contentType.startsWith("application/apply-patch")) {
      return ApiStatus.response(
          415,
          "UnsupportedMediaType",
          "server-side apply is not supported by the local API server; use kubectl apply without --server-side");
    }
    boolean json = contentType.startsWith("application/json-patch+json");
    boolean strategic = contentType.startsWith("application/strategic-merge-patch+json");
    if (strategic && custom) {
      return ApiStatus.response(
          415,
          "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include:"
              + " application/json-patch+json, application/merge-patch+json");
    }
    if (strategic) {
      Optional<String> directive = MergePatch.strategicDirective(patch, "");
      if (directive.isPresent()) {
        return ApiStatus.response(
            415,
            "UnsupportedMediaType",
            "the local API server applies strategic merge patches without directives only ("
                + directive.get().substring(1)
                + "); use --type merge or --type json");
      }
    } else if (!json && !contentType.startsWith("application/merge-patch+json")) {
      return ApiStatus.response(
          415, "UnsupportedMediaType", "unsupported patch type " + contentType);
    }
    boolean pinned = !json && patch.path("metadata").has("resourceVersion");
    for (int attempt = 1; ; attempt++) {
      MockResponse current = withStatus(super.handleGet(path.path()), path);
      if (current.code() != 200) {
        return current;
      }
      JsonNode stored = read(current);
      JsonNode patched;
      try {
        patched = json ? JsonPatch.apply(patch, stored) : MergePatch.apply(stored, patch);
      } catch (RuntimeException e) {
        return ApiStatus.response(422, "Invalid", "the patch cannot be applied: " + e.getMessage());
      }
      if (!patched.isObject()) {
        return ApiStatus.response(422, "Invalid", "the patch does not leave an object");
      }
      Checked checked = check(path, patched);
      if (checked.refusal() != null) {
        return checked.refusal();
      }
      if (json) {
        // The store applies JSON patches itself, as it always has for the Fabric8 client.
        return checked.warn(
            withStatus(super.handlePatch(rebuilt(request, path.path(), body)), path));
      }
      MockResponse response =
          withStatus(super.handleUpdate(rebuilt(request, path.path(), patched.toString())), path);
      if (response.code() == 409 && !pinned && attempt < PATCH_ATTEMPTS) {
        continue; // changed between our read and write: patch the newer object
      }
      return checked.warn(response);
    }
  }

  /** The outcome of field validation and of the hook: a refusal, or warnings to send. */
  private record Checked(MockResponse refusal, List<String> warnings) {
    MockResponse warn(MockResponse response) {
      for (String w : warnings) {
        response.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
      }
      return response;
    }
  }

  private Checked check(ResourcePath path, JsonNode object) {
    String directive = path.query().getOrDefault("fieldValidation", "Ignore");
    Optional<ApiResource> type = typeOf(path);
    List<String> warnings = new ArrayList<>();
    if (!directive.equals("Ignore") && type.isPresent()) {
      List<String> unknown = unknownFields(type.get(), object);
      if (!unknown.isEmpty() && directive.equals("Strict")) {
        String kind = type.get().kind();
        StringBuilder message =
            new StringBuilder(
                kind
                    + " in version \""
                    + type.get().version()
                    + "\" cannot be handled as a "
                    + kind
                    + ": strict decoding error: ");
        for (int i = 0; i < unknown.size(); i++) {
          message
              .append(i == 0 ? "" : ", ")
              .append("unknown field \"")
              .append(unknown.get(i))
              .append('"');
        }
        return new Checked(ApiStatus.response(400, "BadRequest", message.toString()), List.of());
      }
      unknown.forEach(u -> warnings.add("unknown field \"" + u + "\""));
    }
    if (path.group().equals(validatedGroup) && path.subresource() == null) {
      List<ResourceValidator.Problem> problems = validator.validate(object.toString());
      if (!problems.isEmpty()) {
        String kind = object.path("kind").asText(type.map(ApiResource::kind).orElse(path.plural()));
        String name =
            object.path("metadata").path("name").asText(path.name() == null ? "" : path.name());
        return new Checked(ApiStatus.invalid(kind, path.group(), name, problems), List.of());
      }
    }
    return new Checked(null, warnings);
  }

  private List<String> unknownFields(ApiResource type, JsonNode object) {
    JsonNode crd = crdOf(type);
    if (crd != null) {
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals(type.version())
            && v.path("schema").path("openAPIV3Schema").isObject()) {
          return UnknownFields.inCustomResource(object, v.path("schema").path("openAPIV3Schema"));
        }
      }
      return List.of();
    }
    Object typed;
    try {
      typed = Serialization.unmarshal(object.toString());
    } catch (RuntimeException e) {
      return List.of();
    }
    if (typed == null
        || typed instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
      return List.of();
    }
    return UnknownFields.inModel(object, typed.getClass(), "");
  }

  /** Empty 404s of the store become a NotFound Status naming the object. */
  private MockResponse withStatus(MockResponse response, ResourcePath path) {
    if (response.code() == 404 && (response.getBody() == null || response.getBody().size() == 0)) {
      return ApiStatus.notFound(
          typeOf(path).orElse(null),
          path.plural() == null ? "" : path.plural(),
          path.group(),
          path.name() == null ? "" : path.name());
    }
    if (response.header("Content-Type") == null
        && response.getBody() != null
        && response.getBody().size() > 0) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private static ApiResource fallbackType(ResourcePath path) {
    return new ApiResource(
        path.group(),
        path.version(),
        path.plural(),
        path.plural(),
        "",
        true,
        List.of(),
        List.of(),
        false);
  }

  private static boolean acceptsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  /** The request the store handles: {@code path} without query, and {@code body}. */
  private static RecordedRequest rebuilt(RecordedRequest request, String path, String body) {
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        path,
        request.getHeaders(),
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static MockResponse json(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  private static JsonNode read(MockResponse response) {
    if (response.getBody() == null) {
      return MAPPER.createObjectNode();
    }
    return read(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
  }

  private static JsonNode read(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return node == null ? MAPPER.createObjectNode() : node;
    } catch (JsonProcessingException e) {
      return MAPPER.createObjectNode();
    }
  }

  private static long parseLong(String value) {
    try {
      return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ObjectNode version() {
    ObjectNode version = MAPPER.createObjectNode();
    version.put("major", "1");
    version.put("minor", "32");
    version.put("gitVersion", "v1.32.0-relais-local");
    version.put("gitCommit", "");
    version.put("gitTreeState", "");
    version.put("buildDate", "");
    version.put("goVersion", "");
    version.put("compiler", "");
    version.put("platform", "java");
    return version;
  }

  /** Decodes a query string into its parameters (last one wins). */
  static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  static String encode(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    params.forEach((k, v) -> {
      if (v == null) {
        return;
      }
      out.append(out.isEmpty() ? "" : "&")
          .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return out.toString();
  }
}
