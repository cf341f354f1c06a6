package dev.relais.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an object the operator owns entirely (Deployment, Service, ConfigMap) only when what it
 * would write changed, with server-side apply or, for API servers without it, create-or-replace.
 */
final class ResourceApplier {

  /**
   * Digest of the desired object last applied: a real API server adds defaults to what it stores,
   * so comparing against the stored object would write on every reconciliation.
   */
  static final String DESIRED_HASH = "relais.dev/desired-hash";

  private static final String FIELD_MANAGER = "relais-operator";

  private final boolean useServerSideApply;

  ResourceApplier(boolean useServerSideApply) {
    this.useServerSideApply = useServerSideApply;
  }

  /**
   * Applies {@code desired} unless {@code actual} (from the informer cache, may be null) was
   * applied from the same desired state; tells the informer about what was written so that the next
   * reconciliation does not read a stale cache entry.
   */
  <R extends HasMetadata> R apply(
      KubernetesClient client,
      R desired,
      R actual,
      ResourceID primary,
      InformerEventSource<R, ?> informer) {
    String hash = digest(desired);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(DESIRED_HASH, hash);
    desired.getMetadata().setAnnotations(annotations);
    if (actual != null && hash.equals(annotation(actual, DESIRED_HASH))) {
      return actual;
    }
    if (useServerSideApply) {
      R result =
          client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      remember(informer, primary, result, actual == null);
      return result;
    }
    if (actual == null) {
      try {
        R created = client.resource(desired).create();
        remember(informer, primary, created, true);
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
    @SuppressWarnings("unchecked")
    R current =
        actual != null
            ? actual
            : (R)
                client
                    .resources(desired.getClass())
                    .inNamespace(desired.getMetadata().getNamespace())
                    .withName(desired.getMetadata().getName())
                    .require();
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    R replaced = client.resource(withStatusOf(desired, current)).update();
    remember(informer, primary, replaced, false);
    return replaced;
  }

  /**
   * Applies {@code desired} when present, deletes {@code actual} (from the informer cache) when the
   * object is no longer wanted, e.g. a PodDisruptionBudget once its Deployment runs one replica.
   */
  <R extends HasMetadata> void applyOrDelete(
      KubernetesClient client,
      java.util.Optional<R> desired,
      R actual,
      ResourceID primary,
      InformerEventSource<R, ?> informer) {
    if (desired.isPresent()) {
      apply(client, desired.get(), actual, primary, informer);
    } else if (actual != null) {
      client.resource(actual).delete();
    }
  }

  /** A Deployment keeps the status the kubelet reported; replacing it must not blank it. */
  private static <R extends HasMetadata> R withStatusOf(R desired, R current) {
    if (desired instanceof io.fabric8.kubernetes.api.model.apps.Deployment d
        && current instanceof io.fabric8.kubernetes.api.model.apps.Deployment c) {
      d.setStatus(c.getStatus());
    }
    return desired;
  }

  private static <R extends HasMetadata> void remember(
      InformerEventSource<R, ?> informer, ResourceID primary, R written, boolean created) {
    if (informer == null || written == null) {
      return;
    }
    if (created) {
      informer.handleRecentResourceCreate(primary, written);
    } else {
      informer.handleRecentResourceUpdate(primary, written, written);
    }
  }

  static String annotation(HasMetadata resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  static String digest(Object desired) {
    try {
      byte[] json = Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
