package dev.relais.local.kube.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request path of the Kubernetes API taken apart: {@code
 * /apis/<group>/<version>/namespaces/<ns>/<plural>/<name>/<subresource>?<query>} (core group under
 * {@code /api/v1}). Fields are null where the path has no such part.
 */
record ResourcePath(
    String raw,
    String path,
    Map<String, String> query,
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource) {

  static ResourcePath parse(String raw) {
    int q = raw.indexOf('?');
    String path = q < 0 ? raw : raw.substring(0, q);
    Map<String, String> query = ApiDispatcher.query(q < 0 ? "" : raw.substring(q + 1));
    List<String> segments = new ArrayList<>(Arrays.asList(path.split("/")));
    segments.removeIf(String::isEmpty);
    String group = "";
    String version = null;
    List<String> rest = List.of();
    if (segments.size() >= 2 && segments.get(0).equals("api")) {
      version = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = segments.subList(3, segments.size());
    }
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    return new ResourcePath(
        raw,
        path,
        query,
        group,
        version,
        namespace,
        !rest.isEmpty() ? rest.get(0) : null,
        rest.size() > 1 ? rest.get(1) : null,
        rest.size() > 2 ? rest.get(2) : null);
  }

  /** The path as received, query included. */
  String pathAndQuery() {
    return raw;
  }

  boolean isWatch() {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** This path with the query parameter {@code key} set to {@code value} (removed when null). */
  String withQuery(String key, String value) {
    Map<String, String> params = new LinkedHashMap<>(query);
    if (value == null) {
      params.remove(key);
    } else {
      params.put(key, value);
    }
    String encoded = ApiDispatcher.encode(params);
    return encoded.isEmpty() ? path : path + "?" + encoded;
  }
}
