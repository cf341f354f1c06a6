package dev.relais.operator.chart;

import static dev.relais.operator.chart.OperatorPermissions.ANY_NAME;
import static dev.relais.operator.chart.OperatorPermissions.CLUSTER;
import static dev.relais.operator.chart.RelaisChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.chart.OperatorPermissions.Grant;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator gets exactly the permissions it needs and nothing more: no Secrets, no wildcards,
 * and in namespaced mode nothing cluster-wide.
 */
class ChartRbacTest {

  private static final List<String> KINDS =
      List.of("smsplatforms", "smpproutes", "senderids", "segments", "campaigns");
  private static final List<String> FULL_LIFECYCLE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");
  private static final String LEASE = "relais-operator";

  @Test
  void byDefaultTheOperatorGetsExactlyItsRulesClusterWideAndItsLeaseInTheReleaseNamespace() {
    RenderedChart chart = RelaisChart.render();

    Set<Grant> expected = new TreeSet<>(operatorGrants(CLUSTER));
    expected.addAll(leaseGrants());
    assertThat(grantsOfTheOperator(chart)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void watchedNamespacesGetRolesAndNothingIsGrantedClusterWide() {
    RenderedChart chart = RelaisChart.render("watchNamespaces: [shop-a, shop-b]\n");

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(chart.all(Role.class))
        .extracting(role -> role.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop-a", "shop-b", NAMESPACE);
    Set<Grant> expected = new TreeSet<>(operatorGrants("shop-a"));
    expected.addAll(operatorGrants("shop-b"));
    expected.addAll(leaseGrants());
    assertThat(grantsOfTheOperator(chart)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aNamespaceListedTwiceGetsOneRole() {
    RenderedChart chart = RelaisChart.render("watchNamespaces: [shop-a, shop-a]\n");

    assertThat(chart.all(Role.class))
        .extracting(role -> role.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop-a", NAMESPACE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "watchNamespaces: [shop-a, shop-b]\n",
        "leaderElection: {enabled: false}\n",
        "watchNamespaces: [relais-system]\nreplicas: 3\n"
      })
  void noRuleGrantsSecretsWildcardsOrPrivilegeEscalation(String values) {
    List<PolicyRule> rules = OperatorPermissions.allRules(RelaisChart.render(values));

    assertThat(rules).isNotEmpty();
    for (PolicyRule rule : rules) {
      assertThat(rule.getResources())
          .as("resources of %s", rule)
          .isNotEmpty()
          .noneMatch(resource -> resource.equals("secrets") || resource.startsWith("secrets/"))
          .noneMatch(resource -> resource.contains("*"));
      assertThat(rule.getApiGroups()).as("API groups of %s", rule).noneMatch(g -> g.contains("*"));
      assertThat(rule.getVerbs())
          .as("verbs of %s", rule)
          .noneMatch(verb -> verb.contains("*"))
          .doesNotContain("escalate", "bind", "impersonate", "deletecollection");
      assertThat(rule.getNonResourceURLs()).as("non-resource URLs of %s", rule).isEmpty();
    }
  }

  @Test
  void withoutLeaderElectionNoLeaseIsGranted() {
    RenderedChart chart = RelaisChart.render("leaderElection: {enabled: false}\n");

    assertThat(grantsOfTheOperator(chart))
        .containsExactlyInAnyOrderElementsOf(operatorGrants(CLUSTER));
  }

  @Test
  void rbacCanBeLeftToThePlatformTeam() {
    RenderedChart chart = RelaisChart.render("rbac: {create: false}\n");

    assertThat(chart.kinds()).containsExactly("Deployment", "ServiceAccount");
  }

  private static Set<Grant> grantsOfTheOperator(RenderedChart chart) {
    String serviceAccount =
        chart.operatorDeployment().getSpec().getTemplate().getSpec().getServiceAccountName();
    return OperatorPermissions.of(chart, serviceAccount, NAMESPACE);
  }

  /** What the operator needs wherever it reconciles Relais resources. */
  private static List<Grant> operatorGrants(String scope) {
    List<Grant> grants = new ArrayList<>();
    for (String kind : KINDS) {
      for (String verb : List.of("get", "list", "watch", "update", "patch")) {
        grants.add(new Grant(scope, "relais.dev", kind, ANY_NAME, verb));
      }
      for (String verb : List.of("get", "update", "patch")) {
        grants.add(new Grant(scope, "relais.dev", kind + "/status", ANY_NAME, verb));
      }
      grants.add(new Grant(scope, "relais.dev", kind + "/finalizers", ANY_NAME, "update"));
    }
    for (String verb : FULL_LIFECYCLE) {
      grants.add(new Grant(scope, "apps", "deployments", ANY_NAME, verb));
      grants.add(new Grant(scope, "", "services", ANY_NAME, verb));
      grants.add(new Grant(scope, "", "configmaps", ANY_NAME, verb));
      grants.add(new Grant(scope, "", "serviceaccounts", ANY_NAME, verb));
      grants.add(new Grant(scope, "policy", "poddisruptionbudgets", ANY_NAME, verb));
      grants.add(new Grant(scope, "networking.k8s.io", "networkpolicies", ANY_NAME, verb));
    }
    grants.add(new Grant(scope, "", "events", ANY_NAME, "create"));
    grants.add(new Grant(scope, "", "events", ANY_NAME, "patch"));
    for (String verb : List.of("get", "list", "create", "update", "delete")) {
      grants.add(new Grant(scope, "cert-manager.io", "certificates", ANY_NAME, verb));
    }
    return grants;
  }

  /** Leader election: create the Lease, then read and renew only that one. */
  private static List<Grant> leaseGrants() {
    return List.of(
        new Grant(NAMESPACE, "coordination.k8s.io", "leases", ANY_NAME, "create"),
        new Grant(NAMESPACE, "coordination.k8s.io", "leases", LEASE, "get"),
        new Grant(NAMESPACE, "coordination.k8s.io", "leases", LEASE, "update"),
        new Grant(NAMESPACE, "coordination.k8s.io", "leases", LEASE, "patch"));
  }
}
