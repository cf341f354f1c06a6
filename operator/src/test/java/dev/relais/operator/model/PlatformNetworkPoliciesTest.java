package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may open a connection to which pod of a platform once its NetworkPolicies apply, evaluated
 * with the semantics of networking.k8s.io/v1 over the pods the operator builds.
 */
class PlatformNetworkPoliciesTest {

  private static final String NS = "sms";

  @Test
  void eachComponentAdmitsOnlyItsCallers() {
    SmsPlatform platform = platform();
    Cluster cluster = new Cluster(platform);

    // contacts: audiences (scheduler), opt-outs and inbound (dispatch), estimates (operator),
    // imports and GDPR requests (CLI), a number's marketing messages for an order's attribution
    // (analytics).
    cluster.assertReach("contacts", 9091, "scheduler", "dispatch", "operator", "cli", "analytics");
    // scheduler: campaigns (operator), erasures reaching the queue (contacts).
    cluster.assertReach("scheduler", 9092, "contacts", "operator");
    // analytics: events (dispatch), progress (scheduler, operator), reports (CLI), receipts of
    // clicked messages (links).
    cluster.assertReach("analytics", 9094, "dispatch", "scheduler", "operator", "cli", "links");
    // links gRPC: creating links (scheduler), erasing and exporting a contact's (contacts),
    // a contact's recent messages for an order's attribution (analytics).
    cluster.assertReach("links", 9095, "scheduler", "contacts", "analytics");
    // dispatch: queue figures for autoscaling (operator).
    cluster.assertReach("dispatch", 9093, "operator");
  }

  @Test
  void withoutLinksAnalyticsStillReachesContacts() {
    SmsPlatform platform = platform();
    platform.getSpec().linkTrackingBaseUrl = null;
    Cluster cluster = new Cluster(platform);

    assertThat(cluster.policies).doesNotContainKey("links");
    cluster.assertReach("contacts", 9091, "scheduler", "dispatch", "operator", "cli", "analytics");
    // The way back stays closed: contacts never calls analytics.
    assertThat(cluster.admitted("contacts", "analytics", 9094)).isFalse();
  }

  @Test
  void theRedirectsAreOpenToEveryone() {
    Cluster cluster = new Cluster(platform());

    for (String caller : cluster.pods.keySet()) {
      assertThat(cluster.admitted(caller, "links", LinksRedirect.CONTAINER_PORT))
          .as("%s to the redirects", caller)
          .isTrue();
    }
    // The redirect rule opens that port only, not gRPC.
    assertThat(cluster.admitted("stranger", "links", 9095)).isFalse();
    assertThat(cluster.admitted("outsider", "links", 9095)).isFalse();
  }

  @Test
  void metricsAreScrapedFromTheMonitoringNamespacesOnly() {
    SmsPlatform platform = platform();
    platform.getSpec().networkPolicies = new SmsPlatformSpec.NetworkPolicies();
    platform.getSpec().networkPolicies.metricsNamespaces = List.of("monitoring");
    Cluster cluster = new Cluster(platform);

    Map<String, Integer> ports =
        Map.of("contacts", 9091, "scheduler", 9092, "analytics", 9094, "links", 9095);
    ports.forEach((target, port) -> {
      assertThat(cluster.admitted("prometheus", target, port)).as(target).isTrue();
      assertThat(cluster.admitted("stranger", target, port)).as(target).isFalse();
      assertThat(cluster.admitted("outsider", target, port)).as(target).isFalse();
    });
    assertThat(cluster.admitted("prometheus", "dispatch", 9093)).isTrue();
    assertThat(cluster.admitted("outsider", "dispatch", 9093)).isFalse();
  }

  @Test
  void withoutMonitoringNamespacesNoOtherNamespaceGetsIn() {
    Cluster cluster = new Cluster(platform());

    // /metrics shares the gRPC port: opening it to all would open the APIs to all.
    for (String target : cluster.policies.keySet()) {
      assertThat(cluster.admitted("prometheus", target, 9091)).as(target).isFalse();
      assertThat(cluster.admitted("outsider", target, 9094)).as(target).isFalse();
    }
    assertThat(cluster.admitted("prometheus", "dispatch", 9093)).isFalse();
  }

  @Test
  void eachPolicySelectsItsComponentsPodsOnlyAndIsOwnedByThePlatform() {
    SmsPlatform platform = platform();
    Cluster cluster = new Cluster(platform);

    cluster.policies.forEach((component, policy) -> {
      List<String> selected = new ArrayList<>();
      cluster.pods.forEach((pod, labels) -> {
        if (NS.equals(labels.namespace())
            && matches(policy.getSpec().getPodSelector(), labels.labels())) {
          selected.add(pod);
        }
      });
      assertThat(selected).as(component).containsExactly(component);
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(policy.getMetadata().getName()).isEqualTo("relais-" + component);
      assertThat(policy.getMetadata().getOwnerReferences().get(0).getKind())
          .isEqualTo("SmsPlatform");
      assertThat(policy.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "relais-operator")
          .containsEntry(PlatformServicesBuilder.OWNER_KIND_LABEL, "SmsPlatform");
    });
  }

  @Test
  void policiesAreOnUnlessThePlatformTurnsThemOff() {
    SmsPlatform platform = platform();
    assertThat(PlatformNetworkPolicies.enabled(platform)).isTrue();
    platform.getSpec().networkPolicies = new SmsPlatformSpec.NetworkPolicies();
    assertThat(PlatformNetworkPolicies.enabled(platform)).isTrue();
    platform.getSpec().networkPolicies.enabled = false;
    assertThat(PlatformNetworkPolicies.enabled(platform)).isFalse();
  }

  private static SmsPlatform platform() {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("relais").withNamespace(NS).withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "2.0.1";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    spec.linkTrackingBaseUrl = "https://r.example.fr";
    platform.setSpec(spec);
    return platform;
  }

  /** A pod: its namespace and labels. */
  private record Pod(String namespace, Map<String, String> labels) {}

  /** The platform's pods as the operator builds them, a few others, and its policies. */
  private static final class Cluster {

    final Map<String, Pod> pods = new LinkedHashMap<>();
    final Map<String, NetworkPolicy> policies = new LinkedHashMap<>();

    Cluster(SmsPlatform platform) {
      for (RelaisService service : PlatformServicesBuilder.running(platform)) {
        pods.put(
            service.id(),
            new Pod(
                NS,
                PlatformServicesBuilder.deployment(
                        platform, service, PlatformServicesBuilder.configMap(platform, service))
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getLabels()));
        policies.put(service.id(), PlatformNetworkPolicies.forService(platform, service));
      }
      pods.put(
          "dispatch",
          new Pod(
              NS,
              DispatchDeploymentBuilder.build(Routes.orange(10), Routes.PLATFORM)
                  .getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getLabels()));
      policies.put("dispatch", PlatformNetworkPolicies.forDispatch(platform, 9093));
      Map<String, String> operator = new LinkedHashMap<>(PlatformNetworkPolicies.OPERATOR_LABELS);
      operator.put("app.kubernetes.io/name", "relais");
      pods.put("operator", new Pod("relais-system", operator));
      pods.put("cli", new Pod(NS, Map.of(PlatformNetworkPolicies.CLIENT_LABEL, "true")));
      pods.put("stranger", new Pod(NS, Map.of("app", "shop-frontend")));
      pods.put("outsider", new Pod("shop", Map.of("app", "shop-frontend")));
      pods.put("prometheus", new Pod("monitoring", Map.of("app", "prometheus")));
    }

    /** Asserts that exactly {@code callers}, of all pods known, may reach the target's port. */
    void assertReach(String target, int port, String... callers) {
      List<String> admitted = new ArrayList<>();
      for (String caller : pods.keySet()) {
        if (!caller.equals(target)
            && !caller.equals("prometheus")
            && !caller.equals("outsider")
            && admitted(caller, target, port)) {
          admitted.add(caller);
        }
      }
      assertThat(admitted).as("who reaches %s:%d", target, port).containsExactlyInAnyOrder(callers);
    }

    boolean admitted(String caller, String target, int port) {
      Pod from = pods.get(caller);
      NetworkPolicy policy = policies.get(target);
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        boolean portMatches =
            rule.getPorts() == null
                || rule.getPorts().isEmpty()
                || rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port);
        boolean peerMatches =
            rule.getFrom() == null
                || rule.getFrom().isEmpty()
                || rule.getFrom().stream()
                    .anyMatch(peer -> peerMatches(peer, from, policy.getMetadata().getNamespace()));
        if (portMatches && peerMatches) {
          return true;
        }
      }
      return false;
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, Pod from, String policyNamespace) {
      boolean namespace =
          peer.getNamespaceSelector() == null
              ? from.namespace().equals(policyNamespace)
              : matches(
                  peer.getNamespaceSelector(),
                  Map.of("kubernetes.io/metadata.name", from.namespace()));
      boolean pod = peer.getPodSelector() == null || matches(peer.getPodSelector(), from.labels());
      return namespace && pod;
    }
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    assertThat(selector.getMatchExpressions()).as("only matchLabels are used").isNullOrEmpty();
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return labels.entrySet().containsAll(wanted.entrySet());
  }
}
