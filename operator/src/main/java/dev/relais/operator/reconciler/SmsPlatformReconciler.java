package dev.relais.operator.reconciler;

import dev.relais.operator.api.Condition;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.KeyspaceReplication;
import dev.relais.operator.model.LinksRedirect;
import dev.relais.operator.model.PlatformNetworkPolicies;
import dev.relais.operator.model.PlatformServicesBuilder;
import dev.relais.operator.model.PlatformTls;
import dev.relais.operator.model.PodHardening;
import dev.relais.operator.model.RelaisService;
import dev.relais.operator.model.SmsPlatformValidator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the services of an SmsPlatform (contacts, scheduler, analytics, and links when it tracks
 * links): one ConfigMap, Deployment and Service each, and one NetworkPolicy per component, owned by
 * the platform so that deleting it deletes them; Ready once every service's replicas are.
 */
@ControllerConfiguration(name = "smsplatform")
public class SmsPlatformReconciler implements Reconciler<SmsPlatform> {

  /** Reason of a Ready=False condition caused by the spec itself. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Reason of a Ready=False condition: another platform already serves the namespace. */
  public static final String DUPLICATE = "DuplicatePlatform";

  /** Reason of a Ready=False condition: the platform talks mutual TLS, the operator cannot. */
  public static final String OPERATOR_WITHOUT_CERTIFICATE = "OperatorWithoutCertificate";

  /** Reason of a Ready=False condition: the components' Certificates could not be applied. */
  public static final String CERTIFICATES_NOT_APPLIED = "CertificatesNotApplied";

  /** Reason of a Ready=False condition caused by a failure to apply the services. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  // Equality-based only: set-based selectors are not understood by every API stand-in.
  static final String SELECTOR =
      "app.kubernetes.io/managed-by=relais-operator,"
          + PlatformServicesBuilder.OWNER_KIND_LABEL
          + "=SmsPlatform";

  private final ResourceApplier applier;
  private final Clock clock;
  private final boolean operatorHasCertificate;
  private volatile InformerEventSource<Deployment, SmsPlatform> deployments;
  private volatile InformerEventSource<Service, SmsPlatform> services;
  private volatile InformerEventSource<ConfigMap, SmsPlatform> configMaps;
  private volatile InformerEventSource<ServiceAccount, SmsPlatform> serviceAccounts;
  private volatile InformerEventSource<PodDisruptionBudget, SmsPlatform> budgets;
  private volatile InformerEventSource<NetworkPolicy, SmsPlatform> networkPolicies;

  public SmsPlatformReconciler(boolean useServerSideApply, Clock clock) {
    this(useServerSideApply, clock, false);
  }

  /**
   * @param operatorHasCertificate whether the operator presents a certificate (OperatorTls): a
   *     platform with mutual TLS is not Ready without one, the operator could not call it
   */
  public SmsPlatformReconciler(
      boolean useServerSideApply, Clock clock, boolean operatorHasCertificate) {
    this.applier = new ResourceApplier(useServerSideApply);
    this.clock = clock;
    this.operatorHasCertificate = operatorHasCertificate;
  }

  /** The keyspace replication the services apply, and whether the platform chose it. */
  private static String keyspaces(SmsPlatformSpec.Cassandra cassandra) {
    return "keyspace replication "
        + KeyspaceReplication.setting(cassandra)
        + (KeyspaceReplication.isDefault(cassandra)
            ? " (the default; spec.cassandra.replication chooses another)"
            : "");
  }

  @Override
  public List<EventSource<?, SmsPlatform>> prepareEventSources(
      EventSourceContext<SmsPlatform> context) {
    deployments = informer(Deployment.class, "platform-deployments", context);
    services = informer(Service.class, "platform-services", context);
    configMaps = informer(ConfigMap.class, "platform-configmaps", context);
    serviceAccounts = informer(ServiceAccount.class, "platform-serviceaccounts", context);
    budgets = informer(PodDisruptionBudget.class, "platform-disruptionbudgets", context);
    networkPolicies = informer(NetworkPolicy.class, "platform-networkpolicies", context);
    return List.of(deployments, services, configMaps, serviceAccounts, budgets, networkPolicies);
  }

  private static <R extends HasMetadata> InformerEventSource<R, SmsPlatform> informer(
      Class<R> type, String name, EventSourceContext<SmsPlatform> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, SmsPlatform.class)
            .withName(name)
            .withLabelSelector(SELECTOR)
            .build(),
        context);
  }

  @Override
  public UpdateControl<SmsPlatform> reconcile(SmsPlatform platform, Context<SmsPlatform> context) {
    List<String> problems = SmsPlatformValidator.problems(platform);
    if (!problems.isEmpty()) {
      // Nothing is applied: running services keep the last valid spec.
      return status(
          platform,
          context,
          Map.of(),
          Conditions.notReady(INVALID_SPEC, String.join("; ", problems)));
    }
    Optional<SmsPlatform> first = firstOfNamespace(context, platform);
    if (first.isPresent()) {
      return status(
          platform,
          context,
          Map.of(),
          Conditions.notReady(
              DUPLICATE,
              "SmsPlatform "
                  + first.get().getMetadata().getName()
                  + " already runs the services of this namespace; delete one of the two"));
    }
    ResourceID primary = ResourceID.fromResource(platform);
    String certificates = certificates(context, platform);
    Map<String, String> replicas = new LinkedHashMap<>();
    boolean allReady = true;
    for (RelaisService service : PlatformServicesBuilder.SERVICES) {
      String name = service.objectName(platform.getMetadata().getName());
      if (!PlatformServicesBuilder.runs(platform, service)) {
        removeService(context, platform, service);
        continue;
      }
      ConfigMap config = PlatformServicesBuilder.configMap(platform, service);
      applier.apply(
          context.getClient(), config, cached(configMaps, name, platform), primary, configMaps);
      applier.apply(
          context.getClient(),
          PlatformServicesBuilder.service(platform, service),
          cached(services, name, platform),
          primary,
          services);
      Deployment desired = PlatformServicesBuilder.deployment(platform, service, config);
      applier.apply(
          context.getClient(),
          PodHardening.serviceAccount(desired),
          cached(serviceAccounts, name, platform),
          primary,
          serviceAccounts);
      Deployment deployment =
          applier.apply(
              context.getClient(),
              desired,
              cached(deployments, name, platform),
              primary,
              deployments);
      applier.applyOrDelete(
          context.getClient(),
          PodHardening.disruptionBudget(desired),
          cached(budgets, name, platform),
          primary,
          budgets);
      if (service == RelaisService.LINKS) {
        applier.apply(
            context.getClient(),
            LinksRedirect.service(platform),
            cached(services, LinksRedirect.serviceName(platform.getMetadata().getName()), platform),
            primary,
            services);
      }
      applyPolicy(
          context, platform, PlatformNetworkPolicies.forService(platform, service), primary);
      int wanted =
          deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
      int ready = readyReplicas(deployment);
      replicas.put(service.id(), ready + "/" + wanted);
      allReady &= ready >= wanted;
    }
    applyPolicy(
        context,
        platform,
        PlatformNetworkPolicies.forDispatch(
            platform, PlatformServicesBuilder.settings(platform).dispatchPort()),
        primary);
    String keyspaces = keyspaces(platform.getSpec().cassandra);
    Condition ready =
        certificates != null
            ? Conditions.notReady(CERTIFICATES_NOT_APPLIED, certificates)
            : PlatformTls.enabled(platform) && !operatorHasCertificate
                ? Conditions.notReady(
                    OPERATOR_WITHOUT_CERTIFICATE,
                    "spec.tls.mode is "
                        + PlatformTls.mode(platform)
                        + " but the operator has no certificate to call the services with: install"
                        + " the chart with tls.secretName (a Secret with the operator's certificate,"
                        + " identity relais-operator), or set spec.tls.mode Off")
                : allReady
                    ? Conditions.ready(
                        "ServicesReady",
                        String.join(", ", replicas.keySet()) + " are ready; " + keyspaces)
                    : Conditions.notReady(
                        "ServicesProgressing",
                        "replicas ready: "
                            + summary(replicas)
                            + "; "
                            + keyspaces
                            + " (a service whose keyspace exists with another replication does not start"
                            + " and logs the ALTER KEYSPACE and repair to run)");
    return status(platform, context, replicas, ready);
  }

  /**
   * Applies or deletes the platform's cert-manager Certificates; a readable problem when the API
   * refuses them (no cert-manager, no permission), null when done.
   */
  private static String certificates(Context<SmsPlatform> context, SmsPlatform platform) {
    try {
      PlatformCertificates.reconcile(context.getClient(), platform);
      return null;
    } catch (KubernetesClientException e) {
      if (!PlatformTls.certManager(platform)) {
        throw e;
      }
      return "could not apply the components' cert-manager Certificates (is cert-manager installed,"
          + " and may the operator write certificates.cert-manager.io?): "
          + (e.getCode() == 404
              ? "the API serves no cert-manager.io/v1 Certificate"
              : e.getMessage());
    }
  }

  /** Applies a component's NetworkPolicy, or deletes it when the platform turned them off. */
  private void applyPolicy(
      Context<SmsPlatform> context,
      SmsPlatform platform,
      NetworkPolicy desired,
      ResourceID primary) {
    applier.applyOrDelete(
        context.getClient(),
        PlatformNetworkPolicies.enabled(platform) ? Optional.of(desired) : Optional.empty(),
        cached(networkPolicies, desired.getMetadata().getName(), platform),
        primary,
        networkPolicies);
  }

  /** Deletes what the platform ran for a service it no longer runs (links without a base URL). */
  private void removeService(
      Context<SmsPlatform> context, SmsPlatform platform, RelaisService service) {
    String name = service.objectName(platform.getMetadata().getName());
    List<HasMetadata> stale = new ArrayList<>();
    stale.add(cached(budgets, name, platform));
    stale.add(cached(deployments, name, platform));
    stale.add(cached(serviceAccounts, name, platform));
    stale.add(cached(services, name, platform));
    stale.add(cached(configMaps, name, platform));
    stale.add(
        cached(
            networkPolicies,
            PlatformNetworkPolicies.name(platform.getMetadata().getName(), service.id()),
            platform));
    if (service == RelaisService.LINKS) {
      stale.add(
          cached(services, LinksRedirect.serviceName(platform.getMetadata().getName()), platform));
    }
    for (HasMetadata resource : stale) {
      if (resource != null) {
        context.getClient().resource(resource).delete();
      }
    }
  }

  @Override
  public ErrorStatusUpdateControl<SmsPlatform> updateErrorStatus(
      SmsPlatform platform, Context<SmsPlatform> context, Exception e) {
    UpdateControl<SmsPlatform> update =
        status(
            platform,
            context,
            platform.getStatus() == null ? Map.of() : platform.getStatus().services,
            Conditions.notReady(
                RECONCILE_ERROR, "could not apply the platform's services: " + e.getMessage()));
    return update.isPatchStatus()
        ? ErrorStatusUpdateControl.patchStatus(update.getResource().orElseThrow())
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The oldest other platform of the namespace, if this one is not the oldest. */
  private static Optional<SmsPlatform> firstOfNamespace(
      Context<SmsPlatform> context, SmsPlatform platform) {
    String namespace = platform.getMetadata().getNamespace();
    return context
        .getPrimaryCache()
        .list(namespace)
        .filter(p -> !p.isMarkedForDeletion())
        .min(
            Comparator.comparing(
                    (SmsPlatform p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName()))
        .filter(p -> !p.getMetadata().getName().equals(platform.getMetadata().getName()));
  }

  private static <R extends HasMetadata> R cached(
      InformerEventSource<R, SmsPlatform> informer, String name, SmsPlatform platform) {
    return informer.get(new ResourceID(name, platform.getMetadata().getNamespace())).orElse(null);
  }

  private UpdateControl<SmsPlatform> status(
      SmsPlatform platform,
      Context<SmsPlatform> context,
      Map<String, String> replicas,
      Condition ready) {
    SmsPlatform.Status current = platform.getStatus();
    SmsPlatform.Status next = new SmsPlatform.Status();
    next.observedGeneration = platform.getMetadata().getGeneration();
    next.version =
        "True".equals(ready.status)
            ? platform.getSpec().version
            : current == null ? null : current.version;
    next.services = new LinkedHashMap<>(replicas);
    next.conditions =
        Conditions.merge(current == null ? null : current.conditions, ready, clock.instant());
    if (StatusUpdates.same(current, next)) {
      return UpdateControl.noUpdate();
    }
    if ("False".equals(ready.status)
        && !"ServicesProgressing".equals(ready.reason)
        && (current == null || !Conditions.unchanged(current.conditions, ready))) {
      ResourceEvents.warning(context.getClient(), platform, ready.reason, ready.message);
    }
    return UpdateControl.patchStatus(StatusUpdates.minimal(platform, SmsPlatform::new, next));
  }

  private static String summary(Map<String, String> replicas) {
    StringBuilder out = new StringBuilder();
    replicas.forEach((service, count) ->
        out.append(out.isEmpty() ? "" : ", ").append(service).append(' ').append(count));
    return out.toString();
  }

  private static int readyReplicas(Deployment deployment) {
    if (deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return deployment.getStatus().getReadyReplicas();
  }
}
