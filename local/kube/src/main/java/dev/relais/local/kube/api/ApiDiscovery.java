package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Legacy API discovery ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>} and
 * {@code /apis/<group>/<version>}), from the resource types served now: kubectl maps kinds and
 * short names to URLs with it. Plain JSON answers make kubectl fall back from aggregated discovery.
 */
public final class ApiDiscovery {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern GROUP_PATH =
      Pattern.compile("/apis/(?<group>[a-zA-Z0-9.-]+)(/(?<version>[a-zA-Z0-9]+))?/?");

  private ApiDiscovery() {}

  /** True for the paths this class answers (they are never object paths). */
  static boolean isDiscoveryPath(String path) {
    return path.equals("/api")
        || path.equals("/api/")
        || path.equals("/api/v1")
        || path.equals("/apis")
        || path.equals("/apis/")
        || GROUP_PATH.matcher(path).matches();
  }

  /** The discovery document at {@code path}, empty when it names no group or version served. */
  static Optional<ObjectNode> document(String path, List<ApiResource> served) {
    if (path.equals("/api") || path.equals("/api/")) {
      ObjectNode versions = JSON.objectNode();
      versions.put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions
          .putArray("serverAddressByClientCIDRs")
          .addObject()
          .put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", "127.0.0.1");
      return Optional.of(versions);
    }
    if (path.equals("/api/v1")) {
      return Optional.of(resourceList("", "v1", served));
    }
    Map<String, Set<String>> groups = groups(served);
    if (path.equals("/apis") || path.equals("/apis/")) {
      ObjectNode list = JSON.objectNode();
      list.put("kind", "APIGroupList");
      list.put("apiVersion", "v1");
      ArrayNode array = list.putArray("groups");
      groups.forEach((group, versions) -> array.add(group(group, versions)));
      return Optional.of(list);
    }
    Matcher m = GROUP_PATH.matcher(path);
    if (!m.matches() || !groups.containsKey(m.group("group"))) {
      return Optional.empty();
    }
    String group = m.group("group");
    String version = m.group("version");
    if (version == null) {
      ObjectNode document = group(group, groups.get(group));
      document.put("kind", "APIGroup");
      document.put("apiVersion", "v1");
      return Optional.of(document);
    }
    if (!groups.get(group).contains(version)) {
      return Optional.empty();
    }
    return Optional.of(resourceList(group, version, served));
  }

  private static Map<String, Set<String>> groups(List<ApiResource> served) {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (ApiResource r : served) {
      if (!r.group().isEmpty()) {
        groups.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version());
      }
    }
    return groups;
  }

  private static ObjectNode group(String name, Set<String> versions) {
    ObjectNode group = JSON.objectNode();
    group.put("name", name);
    ArrayNode array = group.putArray("versions");
    for (String v : versions) {
      array.addObject().put("groupVersion", name + "/" + v).put("version", v);
    }
    String preferred = versions.iterator().next();
    group
        .putObject("preferredVersion")
        .put("groupVersion", name + "/" + preferred)
        .put("version", preferred);
    return group;
  }

  /** The APIResourceList of one group version. */
  static ObjectNode resourceList(String group, String version, List<ApiResource> served) {
    ObjectNode list = JSON.objectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ApiResource r : served) {
      if (!r.group().equals(group) || !r.version().equals(version)) {
        continue;
      }
      ObjectNode entry = resources.addObject();
      entry.put("name", r.plural());
      entry.put("singularName", r.singular());
      entry.put("namespaced", r.namespaced());
      entry.put("kind", r.kind());
      ArrayNode verbs = entry.putArray("verbs");
      ApiResource.VERBS.forEach(verbs::add);
      if (!r.shortNames().isEmpty()) {
        ArrayNode shortNames = entry.putArray("shortNames");
        r.shortNames().forEach(shortNames::add);
      }
      if (!r.categories().isEmpty()) {
        ArrayNode categories = entry.putArray("categories");
        r.categories().forEach(categories::add);
      }
      if (r.statusSubresource()) {
        ObjectNode status = resources.addObject();
        status.put("name", r.plural() + "/status");
        status.put("singularName", "");
        status.put("namespaced", r.namespaced());
        status.put("kind", r.kind());
        status.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return list;
  }
}
