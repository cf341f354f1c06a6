package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource type the API server serves, as discovery describes it: where it lives, what it is
 * called, and whether it has a status subresource. Built-in types come from {@link #BUILT_IN};
 * custom types from their CustomResourceDefinition.
 */
public record ApiResource(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource) {

  /** Every verb the CRUD store answers for a resource type. */
  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * The built-in types of the local mode: those the platform, its operator and its users touch.
   * Each is stored and watched by the CRUD store like any other object.
   */
  public static final List<ApiResource> BUILT_IN =
      List.of(
          core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(), true),
          core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(), false),
          core("secrets", "secret", "Secret", true, List.of(), List.of(), false),
          core("services", "service", "Service", true, List.of("svc"), List.of("all"), true),
          core("pods", "pod", "Pod", true, List.of("po"), List.of("all"), true),
          core("events", "event", "Event", true, List.of("ev"), List.of(), false),
          core(
              "serviceaccounts",
              "serviceaccount",
              "ServiceAccount",
              true,
              List.of("sa"),
              List.of(),
              false),
          core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), List.of(), false),
          new ApiResource(
              "apps",
              "v1",
              "deployments",
              "deployment",
              "Deployment",
              true,
              List.of("deploy"),
              List.of("all"),
              true),
          new ApiResource(
              "policy",
              "v1",
              "poddisruptionbudgets",
              "poddisruptionbudget",
              "PodDisruptionBudget",
              true,
              List.of("pdb"),
              List.of(),
              true),
          new ApiResource(
              "coordination.k8s.io",
              "v1",
              "leases",
              "lease",
              "Lease",
              true,
              List.of(),
              List.of(),
              false),
          new ApiResource(
              "events.k8s.io",
              "v1",
              "events",
              "event",
              "Event",
              true,
              List.of("ev"),
              List.of(),
              false),
          new ApiResource(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              List.of("api-extensions"),
              true));

  private static ApiResource core(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      boolean status) {
    return new ApiResource(
        "", "v1", plural, singular, kind, namespaced, shortNames, categories, status);
  }

  /** "v1" for the core group, else "group/version". */
  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The resource types a CustomResourceDefinition serves, one per served version. */
  static List<ApiResource> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ApiResource> resources = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      resources.add(
          new ApiResource(
              spec.path("group").asText(),
              version.path("name").asText(),
              names.path("plural").asText(),
              names.path("singular").asText(names.path("kind").asText().toLowerCase()),
              names.path("kind").asText(),
              !"Cluster".equals(spec.path("scope").asText()),
              strings(names.path("shortNames")),
              strings(names.path("categories")),
              version.path("subresources").has("status")));
    }
    return resources;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }
}
