package dev.relais.operator.reconciler;

import dev.relais.operator.api.Condition;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.autoscale.DispatchReplicaCalculator;
import dev.relais.operator.autoscale.RouteScaler;
import dev.relais.operator.metrics.AutoScalingMetrics;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformServicesBuilder;
import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.model.PodHardening;
import dev.relais.operator.model.SmppRouteValidator;
import dev.relais.operator.services.RouteStatsSource;
import dev.relais.operator.services.SchedulerGateway;
import dev.relais.operator.services.ServiceAddresses;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each SmppRoute's dispatch Deployment as the route describes it and reports the route Ready
 * once its dispatch replicas are.
 */
@ControllerConfiguration(name = "smpproute")
public class SmppRouteReconciler implements Reconciler<SmppRoute> {

  /** Reason of a Ready=False condition caused by the spec itself. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Reason of a Ready=False condition: the scheduler refused or could not be told the route. */
  static final String NOT_REGISTERED = "NotRegistered";

  /** Reason of a Ready=False condition: the namespace has no SmsPlatform. */
  public static final String NO_PLATFORM = "NoPlatform";

  /** Reason of a Ready=False condition caused by a failure to apply the Deployment. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** Digest of the desired Deployment last applied (see {@link ResourceApplier}). */
  public static final String DESIRED_HASH = ResourceApplier.DESIRED_HASH;

  private static final String DISPATCH_SELECTOR =
      "app.kubernetes.io/managed-by=relais-operator,app.kubernetes.io/component=dispatch";

  private final AutoScalingMetrics scalingMetrics;
  private final Optional<PlatformSettings> platform;
  private final ResourceApplier applier;
  private final RouteRegistration registration;
  private final ServiceAddresses addresses;
  private final DispatchScaling scaling;

  /** How soon a route the scheduler refused, or could not take yet, is declared again. */
  static final Duration REGISTRATION_RETRY = Duration.ofSeconds(2);

  private final Duration interval;
  private final Clock clock;
  private volatile InformerEventSource<Deployment, SmppRoute> deployments;
  private volatile InformerEventSource<ServiceAccount, SmppRoute> serviceAccounts;
  private volatile InformerEventSource<PodDisruptionBudget, SmppRoute> budgets;
  private volatile InformerEventSource<Service, SmppRoute> services;
  private volatile InformerEventSource<SmsPlatform, SmppRoute> platforms;

  /**
   * @param platform what dispatch Deployments are built with where a namespace has no SmsPlatform;
   *     empty to wait for one
   * @param scheduler where routes are declared
   * @param routeStats the routes' queue figures
   * @param addresses where each namespace's services are reached
   * @param interval how often a route's queue is read and its replicas reconsidered
   * @param calculator tuning of the replica calculation
   * @param scalingMetrics told the autoscaler's decisions
   */
  public SmppRouteReconciler(
      Optional<PlatformSettings> platform,
      boolean useServerSideApply,
      SchedulerGateway scheduler,
      RouteStatsSource routeStats,
      ServiceAddresses addresses,
      Duration interval,
      DispatchReplicaCalculator.Settings calculator,
      Clock clock,
      AutoScalingMetrics scalingMetrics) {
    this.scalingMetrics = scalingMetrics;
    this.platform = platform;
    this.applier = new ResourceApplier(useServerSideApply);
    this.registration = new RouteRegistration(scheduler);
    this.addresses = addresses;
    this.scaling =
        new DispatchScaling(
            new RouteScaler(new DispatchReplicaCalculator(calculator)),
            routeStats,
            addresses,
            clock);
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, SmppRoute>> prepareEventSources(
      EventSourceContext<SmppRoute> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Deployment.class, SmppRoute.class)
            .withName("dispatch-deployments")
            .withLabelSelector(DISPATCH_SELECTOR)
            .build();
    deployments = new InformerEventSource<>(configuration, context);
    services =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Service.class, SmppRoute.class)
                .withName("dispatch-services")
                .withLabelSelector(DISPATCH_SELECTOR)
                .build(),
            context);
    serviceAccounts =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceAccount.class, SmppRoute.class)
                .withName("dispatch-serviceaccounts")
                .withLabelSelector(DISPATCH_SELECTOR)
                .build(),
            context);
    budgets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PodDisruptionBudget.class, SmppRoute.class)
                .withName("dispatch-disruptionbudgets")
                .withLabelSelector(DISPATCH_SELECTOR)
                .build(),
            context);
    platforms = PlatformLookup.informer(context, SmppRoute.class);
    return List.of(deployments, services, serviceAccounts, budgets, platforms);
  }

  @Override
  public UpdateControl<SmppRoute> reconcile(SmppRoute route, Context<SmppRoute> context) {
    Optional<Deployment> actual = context.getSecondaryResource(Deployment.class);
    List<String> problems = SmppRouteValidator.problems(route);
    if (!problems.isEmpty()) {
      // Nothing is applied: an existing Deployment keeps running the last valid spec.
      return status(
          route,
          context.getClient(),
          actual.orElse(null),
          Conditions.notReady(INVALID_SPEC, String.join("; ", problems)),
          null,
          null);
    }
    Optional<PlatformSettings> found = platformFor(route);
    if (found.isEmpty()) {
      // Nothing to build the dispatch from; an existing Deployment keeps its last settings.
      return status(
              route,
              context.getClient(),
              actual.orElse(null),
              Conditions.notReady(
                  NO_PLATFORM,
                  "namespace "
                      + route.getMetadata().getNamespace()
                      + " has no SmsPlatform to take Cassandra and service addresses from"),
              null,
              null)
          .rescheduleAfter(interval);
    }
    PlatformSettings settings = found.get();
    DispatchScaling.Outcome scaled = scaling.next(route, actual.orElse(null), settings);
    ResourceID primary = ResourceID.fromResource(route);
    Deployment desired =
        DispatchDeploymentBuilder.build(route, settings, scaled.replicas(), scaled.perReplicaTps());
    ResourceID owned =
        new ResourceID(desired.getMetadata().getName(), desired.getMetadata().getNamespace());
    applier.apply(
        context.getClient(),
        PodHardening.serviceAccount(desired),
        serviceAccounts.get(owned).orElse(null),
        primary,
        serviceAccounts);
    Deployment applied =
        applier.apply(context.getClient(), desired, actual.orElse(null), primary, deployments);
    applier.applyOrDelete(
        context.getClient(),
        PodHardening.disruptionBudget(desired),
        budgets.get(owned).orElse(null),
        primary,
        budgets);
    String routeKey = route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
    scalingMetrics.desiredReplicas(
        routeKey, scaled.desiredReplicas() != null ? scaled.desiredReplicas() : scaled.replicas());
    actual
        .map(d -> d.getSpec().getReplicas())
        .ifPresent(from -> scalingMetrics.scaled(routeKey, from, scaled.replicas()));
    applier.apply(
        context.getClient(),
        DispatchDeploymentBuilder.service(route, settings),
        services
            .get(
                new ResourceID(
                    DispatchDeploymentBuilder.deploymentName(route.getMetadata().getName()),
                    route.getMetadata().getNamespace()))
            .orElse(null),
        primary,
        services);
    String namespace = route.getMetadata().getNamespace();
    Optional<String> scheduler =
        addresses.of(PlatformLookup.of(platforms, namespace), namespace).scheduler();
    Optional<String> refused = scheduler.flatMap(address -> registration.register(route, address));
    if (refused.isPresent()
        && (route.getStatus() == null || !refused.get().equals(route.getStatus().lastError))) {
      ResourceEvents.warning(context.getClient(), route, "RouteNotRegistered", refused.get());
    }
    String lastError =
        refused.orElse(
            scaled
                .stats()
                .map(RouteStatsSource.RouteStats::lastError)
                .filter(e -> !e.isBlank())
                .orElse(scaled.statsError()));
    // A route the scheduler does not know yet cannot carry a campaign's messages: not Ready.
    Condition ready =
        refused.isPresent()
            ? Conditions.notReady(
                NOT_REGISTERED, "not declared to the scheduler yet: " + refused.get())
            : readiness(applied);
    UpdateControl<SmppRoute> update =
        status(route, context.getClient(), applied, ready, lastError, scaled);
    // Campaigns cannot use the route until the scheduler knows it, and a scheduler still starting
    // refuses it: ask again within seconds (one call), not after a whole interval. Otherwise the
    // queue is read again, and the replicas reconsidered, every interval.
    return update.rescheduleAfter(
        refused.isPresent() && interval.compareTo(REGISTRATION_RETRY) > 0
            ? REGISTRATION_RETRY
            : interval);
  }

  @Override
  public ErrorStatusUpdateControl<SmppRoute> updateErrorStatus(
      SmppRoute route, Context<SmppRoute> context, Exception e) {
    Condition failed =
        Conditions.notReady(
            RECONCILE_ERROR, "could not apply the dispatch Deployment: " + e.getMessage());
    UpdateControl<SmppRoute> update =
        status(
            route,
            context.getClient(),
            context.getSecondaryResource(Deployment.class).orElse(null),
            failed,
            e.getMessage(),
            null);
    // The retry keeps going with backoff; the error shows in the status, not as a crash.
    return update.isPatchStatus()
        ? ErrorStatusUpdateControl.patchStatus(update.getResource().orElseThrow())
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * The settings of the namespace's SmsPlatform (the oldest, should there be several), or the
   * operator's own when the namespace has none and the operator has some.
   */
  Optional<PlatformSettings> platformFor(SmppRoute route) {
    Optional<PlatformSettings> own =
        platforms == null
            ? Optional.empty()
            : PlatformLookup.of(platforms, route.getMetadata().getNamespace())
                .map(PlatformServicesBuilder::settings);
    return own.isPresent() ? own : platform;
  }

  private static Condition readiness(Deployment deployment) {
    int wanted =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    int ready = readyReplicas(deployment);
    if (wanted == 0) {
      return Conditions.ready("ScaledToZero", "no dispatch replica is needed");
    }
    return ready >= wanted
        ? Conditions.ready("DispatchReady", ready + " of " + wanted + " dispatch replicas ready")
        : Conditions.notReady(
            "DispatchProgressing", ready + " of " + wanted + " dispatch replicas ready");
  }

  private UpdateControl<SmppRoute> status(
      SmppRoute route,
      KubernetesClient client,
      Deployment deployment,
      Condition ready,
      String lastError,
      DispatchScaling.Outcome scaled) {
    SmppRoute.Status current = route.getStatus();
    SmppRoute.Status next = new SmppRoute.Status();
    next.observedGeneration = route.getMetadata().getGeneration();
    next.replicas = deployment == null ? 0 : readyReplicas(deployment);
    if (scaled != null && scaled.stats().isPresent()) {
      RouteStatsSource.RouteStats stats = scaled.stats().get();
      next.bindsUp = stats.bindsUp();
      next.currentTps = Math.round(stats.drainRate() * 10) / 10.0;
      next.queueDepth = stats.queueDepth();
    } else if (current != null) {
      // Not measured this time: the last figures stay, lastError says why.
      next.bindsUp = current.bindsUp;
      next.currentTps = current.currentTps;
      next.queueDepth = current.queueDepth;
    }
    if (scaled != null) {
      next.desiredReplicas = scaled.desiredReplicas();
      next.scalingReason = scaled.reason();
    } else if (current != null) {
      next.desiredReplicas = current.desiredReplicas;
      next.scalingReason = current.scalingReason;
    }
    next.lastError =
        lastError(
            current == null ? null : current.lastError,
            lastError,
            ready.status.equals("True"),
            scaled == null ? Optional.empty() : scaled.stats());
    next.conditions =
        Conditions.merge(current == null ? null : current.conditions, ready, clock.instant());
    if (StatusUpdates.same(current, next)) {
      return UpdateControl.noUpdate();
    }
    if (ready.status.equals("False")
        && !ready.reason.equals("DispatchProgressing")
        && (current == null || !Conditions.unchanged(current.conditions, ready))) {
      ResourceEvents.warning(client, route, ready.reason, ready.message);
    }
    return UpdateControl.patchStatus(StatusUpdates.minimal(route, SmppRoute::new, next));
  }

  /**
   * The route's lastError: the error seen now, else the previous one until the route is Ready or
   * its dispatch reports sessions bound again without an error.
   */
  static String lastError(
      String previous, String seen, boolean ready, Optional<RouteStatsSource.RouteStats> stats) {
    if (seen != null) {
      return seen;
    }
    boolean boundAgain = stats.map(s -> s.bindsUp() > 0 && s.lastError().isBlank()).orElse(false);
    return ready || boundAgain ? null : previous;
  }

  private static int readyReplicas(Deployment deployment) {
    if (deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return deployment.getStatus().getReadyReplicas();
  }
}
