package dev.relais.operator.model;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One ingress NetworkPolicy per component of a platform (contacts, scheduler, analytics, links and
 * the dispatch pods of every route): selecting a component's pods makes them refuse every
 * connection but those its rules admit, i.e. from the components that call it, the operator, the
 * CLI where it calls the component, and Prometheus from the namespaces the platform names. Egress
 * is left open: where Cassandra, the SMSCs and the collector are depends on the cluster.
 */
public final class PlatformNetworkPolicies {

  /** Label of the pods that run the Relais CLI in the namespace (import, export, erase Jobs). */
  public static final String CLIENT_LABEL = "relais.dev/client";

  /** Labels the chart puts on the operator's pods, in whatever namespace it runs. */
  public static final Map<String, String> OPERATOR_LABELS =
      new TreeMap<>(
          Map.of("app.kubernetes.io/component", "operator", "app.kubernetes.io/part-of", "relais"));

  /** Component name of the dispatch pods' policy (one for every route of the namespace). */
  public static final String DISPATCH = "dispatch";

  private PlatformNetworkPolicies() {}

  /** Whether the platform wants its policies (the default). */
  public static boolean enabled(SmsPlatform platform) {
    SmsPlatformSpec.NetworkPolicies spec = platform.getSpec().networkPolicies;
    return spec == null || !Boolean.FALSE.equals(spec.enabled);
  }

  /** Name of a component's policy: {@code <platform>-<component>}. */
  public static String name(String platformName, String component) {
    return platformName + "-" + component;
  }

  /** The policy of one of the platform's own services. */
  public static NetworkPolicy forService(SmsPlatform platform, RelaisService service) {
    String name = platform.getMetadata().getName();
    List<NetworkPolicyPeer> callers = new ArrayList<>();
    switch (service) {
      case CONTACTS -> {
        callers.add(service(name, RelaisService.SCHEDULER));
        callers.add(dispatch());
        callers.add(operator());
        callers.add(client());
        // The marketing messages sent to a number, for an order's attribution.
        callers.add(service(name, RelaisService.ANALYTICS));
      }
      case SCHEDULER -> {
        callers.add(service(name, RelaisService.CONTACTS));
        callers.add(operator());
      }
      case ANALYTICS -> {
        callers.add(service(name, RelaisService.SCHEDULER));
        callers.add(dispatch());
        callers.add(operator());
        callers.add(client());
        // The receipts of clicked messages, to tell prefetches from people.
        callers.add(service(name, RelaisService.LINKS));
      }
      case LINKS -> {
        callers.add(service(name, RelaisService.SCHEDULER));
        callers.add(service(name, RelaisService.CONTACTS));
        callers.add(service(name, RelaisService.ANALYTICS));
      }
      case DISPATCH -> throw new IllegalArgumentException("dispatch: see forDispatch");
    }
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    rules.add(rule(callers, service.port()));
    metrics(platform, service.port()).ifPresent(rules::add);
    if (service == RelaisService.LINKS) {
      // The redirects are the public side of the platform: anyone clicking a link.
      rules.add(
          new NetworkPolicyIngressRuleBuilder()
              .withPorts(port(LinksRedirect.CONTAINER_PORT))
              .build());
    }
    return policy(
        platform,
        service.id(),
        PlatformServicesBuilder.selectorLabels(name, service),
        PlatformServicesBuilder.labels(name, service),
        rules);
  }

  /** The policy of the dispatch pods of every route of the platform's namespace. */
  public static NetworkPolicy forDispatch(SmsPlatform platform, int dispatchPort) {
    String name = platform.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "relais-dispatch");
    labels.put("app.kubernetes.io/instance", name);
    labels.put("app.kubernetes.io/component", DISPATCH);
    labels.put("app.kubernetes.io/part-of", "relais");
    labels.put("app.kubernetes.io/managed-by", "relais-operator");
    labels.put(PlatformServicesBuilder.OWNER_KIND_LABEL, "SmsPlatform");
    // The operator reads each route's queue figures (autoscaling); no service calls dispatch.
    List<NetworkPolicyIngressRule> rules = new ArrayList<>();
    rules.add(rule(List.of(operator()), dispatchPort));
    metrics(platform, dispatchPort).ifPresent(rules::add);
    return policy(
        platform, DISPATCH, Map.of("app.kubernetes.io/name", "relais-dispatch"), labels, rules);
  }

  private static NetworkPolicy policy(
      SmsPlatform platform,
      String component,
      Map<String, String> podSelector,
      Map<String, String> labels,
      List<NetworkPolicyIngressRule> rules) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name(platform.getMetadata().getName(), component))
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(DispatchDeploymentBuilder.ownerReference(platform))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(podSelector).build())
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /**
   * Prometheus on the port that serves /metrics, from the platform's metrics namespaces; none when
   * it names none. /metrics shares the gRPC port, so admitting "anyone" for metrics would admit
   * anyone to the APIs (contacts' among them) and leave nothing locked down.
   */
  private static Optional<NetworkPolicyIngressRule> metrics(SmsPlatform platform, int port) {
    SmsPlatformSpec.NetworkPolicies spec = platform.getSpec().networkPolicies;
    List<String> namespaces =
        spec == null || spec.metricsNamespaces == null ? List.of() : spec.metricsNamespaces;
    if (namespaces.isEmpty()) {
      return Optional.empty();
    }
    NetworkPolicyIngressRuleBuilder rule = new NetworkPolicyIngressRuleBuilder();
    for (String namespace : namespaces) {
      rule.addNewFrom()
          .withNamespaceSelector(
              new LabelSelectorBuilder()
                  .withMatchLabels(Map.of("kubernetes.io/metadata.name", namespace))
                  .build())
          .endFrom();
    }
    return Optional.of(rule.withPorts(port(port)).build());
  }

  private static NetworkPolicyIngressRule rule(List<NetworkPolicyPeer> from, int port) {
    return new NetworkPolicyIngressRuleBuilder().withFrom(from).withPorts(port(port)).build();
  }

  private static NetworkPolicyPort port(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }

  /** The pods of one service of the same platform (same namespace). */
  private static NetworkPolicyPeer service(String platformName, RelaisService service) {
    return pods(PlatformServicesBuilder.selectorLabels(platformName, service));
  }

  /** The dispatch pods of every route of the namespace. */
  private static NetworkPolicyPeer dispatch() {
    return pods(Map.of("app.kubernetes.io/name", "relais-dispatch"));
  }

  /** Pods of the namespace labelled as running the Relais CLI. */
  private static NetworkPolicyPeer client() {
    return pods(Map.of(CLIENT_LABEL, "true"));
  }

  /** The operator's pods, in any namespace (the chart installs it in its own). */
  private static NetworkPolicyPeer operator() {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(new LabelSelector())
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(OPERATOR_LABELS).build())
        .build();
  }

  private static NetworkPolicyPeer pods(Map<String, String> labels) {
    return new NetworkPolicyPeerBuilder()
        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(labels).build())
        .build();
  }
}
