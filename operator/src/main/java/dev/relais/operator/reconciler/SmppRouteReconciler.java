package dev.relais.operator.reconciler;

import dev.relais.operator.api.Condition;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.model.SmppRouteValidator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
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
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each SmppRoute's dispatch Deployment as the route describes it and reports the route Ready
 * once its dispatch replicas are.
 */
@ControllerConfiguration(name = "smpproute")
public class SmppRouteReconciler implements Reconciler<SmppRoute> {

  /** Reason of a Ready=False condition caused by the spec itself. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Reason of a Ready=False condition caused by a failure to apply the Deployment. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  /**
   * Digest of the desired Deployment last applied: a real API server adds defaults to what it
   * stores, so comparing against the stored object would patch on every reconciliation.
   */
  public static final String DESIRED_HASH = "relais.dev/desired-hash";

  private static final String FIELD_MANAGER = "relais-operator";

  private final PlatformSettings platform;
  private final boolean useServerSideApply;
  private final Clock clock;
  private volatile InformerEventSource<Deployment, SmppRoute> deployments;

  public SmppRouteReconciler(PlatformSettings platform, boolean useServerSideApply, Clock clock) {
    this.platform = platform;
    this.useServerSideApply = useServerSideApply;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, SmppRoute>> prepareEventSources(
      EventSourceContext<SmppRoute> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Deployment.class, SmppRoute.class)
            .withName("dispatch-deployments")
            .withLabelSelector(
                "app.kubernetes.io/managed-by=relais-operator,app.kubernetes.io/component=dispatch")
            .build();
    deployments = new InformerEventSource<>(configuration, context);
    return List.of(deployments);
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
          null);
    }
    Deployment applied = apply(route, context.getClient(), actual.orElse(null));
    return status(route, context.getClient(), applied, readiness(applied), null);
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
            e.getMessage());
    // The retry keeps going with backoff; the error shows in the status, not as a crash.
    return update.isPatchStatus()
        ? ErrorStatusUpdateControl.patchStatus(update.getResource().orElseThrow())
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  private Deployment apply(SmppRoute route, KubernetesClient client, Deployment actual) {
    // Once running, replicas belong to the autoscaler (within the route's bounds); the TPS share
    // of each replica follows the count.
    Integer running =
        actual == null || actual.getSpec() == null ? null : actual.getSpec().getReplicas();
    Deployment desired =
        DispatchDeploymentBuilder.build(
            route, platform, DispatchDeploymentBuilder.replicas(route.getSpec(), running));
    String hash = digest(desired);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(DESIRED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    if (actual != null && hash.equals(annotation(actual, DESIRED_HASH))) {
      return actual;
    }
    ResourceID primary = ResourceID.fromResource(route);
    if (useServerSideApply) {
      Deployment result =
          client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      remember(primary, result, actual == null);
      return result;
    }
    if (actual == null) {
      try {
        Deployment created = client.resource(desired).create();
        remember(primary, created, true);
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Created by an earlier reconciliation the informer has not shown yet: replace it.
      }
    }
    // A full replace of an object the operator owns entirely; the resource version makes a
    // concurrent change fail (and retry) instead of being silently overwritten. (The mock API
    // server's merge patch appends to lists, so no merge patch here.)
    Deployment current =
        actual != null
            ? actual
            : client
                .apps()
                .deployments()
                .inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName())
                .require();
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    desired.setStatus(current.getStatus());
    Deployment patched = client.resource(desired).update();
    remember(primary, patched, false);
    return patched;
  }

  private void remember(ResourceID primary, Deployment deployment, boolean created) {
    // Lets the next reconciliation read what was just written instead of a stale cache entry.
    if (deployments == null || deployment == null) {
      return;
    }
    if (created) {
      deployments.handleRecentResourceCreate(primary, deployment);
    } else {
      deployments.handleRecentResourceUpdate(primary, deployment, deployment);
    }
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
      String lastError) {
    SmppRoute.Status current = route.getStatus();
    SmppRoute.Status next = new SmppRoute.Status();
    next.observedGeneration = route.getMetadata().getGeneration();
    next.replicas = deployment == null ? 0 : readyReplicas(deployment);
    if (current != null) {
      // Filled from the dispatch pods by the metrics loop; kept as they are here.
      next.bindsUp = current.bindsUp;
      next.currentTps = current.currentTps;
      next.queueDepth = current.queueDepth;
    }
    next.lastError = lastError != null ? lastError : current == null ? null : current.lastError;
    if (ready.status.equals("True")) {
      next.lastError = null;
    }
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

  private static int readyReplicas(Deployment deployment) {
    if (deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return deployment.getStatus().getReadyReplicas();
  }

  private static String annotation(Deployment deployment, String key) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static String digest(Deployment desired) {
    try {
      byte[] json = Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
