package dev.relais.operator.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a ServiceAccount may actually do once the rendered chart is applied: every rule of every
 * role bound to it, expanded into one {@link Grant} per (scope, group, resource, name, verb).
 */
final class OperatorPermissions {

  /** Scope of a grant made by a ClusterRoleBinding. */
  static final String CLUSTER = "<cluster>";

  /** Resource name of a rule that does not restrict names. */
  static final String ANY_NAME = "<any>";

  /** One permission; rendered as a readable line in assertion messages. */
  record Grant(String scope, String apiGroup, String resource, String resourceName, String verb)
      implements Comparable<Grant> {

    @Override
    public int compareTo(Grant other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      String group = apiGroup.isEmpty() ? "core" : apiGroup;
      String name = ANY_NAME.equals(resourceName) ? "" : " named " + resourceName;
      return scope + ": " + verb + " " + group + "/" + resource + name;
    }
  }

  private OperatorPermissions() {}

  /** The grants the given ServiceAccount receives from the chart's bindings. */
  static Set<Grant> of(RenderedChart chart, String serviceAccount, String namespace) {
    Set<Grant> grants = new TreeSet<>();
    for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount, namespace)) {
        grants.addAll(expand(CLUSTER, rulesOf(chart, binding.getRoleRef(), null, binding)));
      }
    }
    for (RoleBinding binding : chart.all(RoleBinding.class)) {
      if (binds(binding.getSubjects(), serviceAccount, namespace)) {
        String scope = binding.getMetadata().getNamespace();
        grants.addAll(expand(scope, rulesOf(chart, binding.getRoleRef(), scope, binding)));
      }
    }
    return grants;
  }

  /** Every rule of every Role and ClusterRole the chart renders, bound or not. */
  static List<PolicyRule> allRules(RenderedChart chart) {
    return Stream.concat(
            chart.all(Role.class).stream().flatMap(role -> role.getRules().stream()),
            chart.all(ClusterRole.class).stream().flatMap(role -> role.getRules().stream()))
        .toList();
  }

  private static boolean binds(List<Subject> subjects, String serviceAccount, String namespace) {
    return subjects != null
        && subjects.stream()
            .anyMatch(s ->
                "ServiceAccount".equals(s.getKind())
                    && serviceAccount.equals(s.getName())
                    && namespace.equals(s.getNamespace()));
  }

  private static List<PolicyRule> rulesOf(
      RenderedChart chart, RoleRef ref, String bindingNamespace, HasMetadata binding) {
    if ("ClusterRole".equals(ref.getKind())) {
      return chart.all(ClusterRole.class).stream()
          .filter(role -> ref.getName().equals(role.getMetadata().getName()))
          .findFirst()
          .orElseThrow(() -> missingRole(binding, ref))
          .getRules();
    }
    return chart.all(Role.class).stream()
        .filter(role -> ref.getName().equals(role.getMetadata().getName()))
        .filter(role -> Objects.equals(bindingNamespace, role.getMetadata().getNamespace()))
        .findFirst()
        .orElseThrow(() -> missingRole(binding, ref))
        .getRules();
  }

  private static AssertionError missingRole(HasMetadata binding, RoleRef ref) {
    return new AssertionError(
        binding.getKind()
            + " "
            + binding.getMetadata().getName()
            + " refers to "
            + ref.getKind()
            + " "
            + ref.getName()
            + ", which the chart does not render");
  }

  private static List<Grant> expand(String scope, List<PolicyRule> rules) {
    List<Grant> grants = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String name : names(rule)) {
            for (String verb : rule.getVerbs()) {
              grants.add(new Grant(scope, group, resource, name, verb));
            }
          }
        }
      }
    }
    return grants;
  }

  private static List<String> names(PolicyRule rule) {
    List<String> names = rule.getResourceNames();
    return names == null || names.isEmpty() ? List.of(ANY_NAME) : names;
  }
}
