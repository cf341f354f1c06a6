package dev.relais.local.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The garbage collector the mock API server lacks: deletes Deployments, Services, ConfigMaps,
 * ServiceAccounts and PodDisruptionBudgets whose owner (by owner reference) no longer exists, or
 * exists with another uid, as the cluster's garbage collector does once an SmppRoute or SmsPlatform
 * is deleted.
 */
public final class OwnerCollector implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OwnerCollector.class.getName());

  private final KubernetesClient client;
  private final Duration period;
  private volatile boolean closed;
  private Thread loop;

  public OwnerCollector(KubernetesClient client, Duration period) {
    this.client = client;
    this.period = period;
  }

  public OwnerCollector start() {
    loop = Thread.ofVirtual().name("owner-collector").start(this::collectForever);
    return this;
  }

  private void collectForever() {
    while (!closed) {
      try {
        collectOnce();
      } catch (KubernetesClientException e) {
        LOG.log(Level.FINE, "garbage collection pass failed; next one", e);
      }
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One pass; returns how many objects were deleted. */
  public int collectOnce() {
    List<HasMetadata> dependents = new ArrayList<>();
    dependents.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    dependents.addAll(client.services().inAnyNamespace().list().getItems());
    dependents.addAll(client.configMaps().inAnyNamespace().list().getItems());
    dependents.addAll(client.serviceAccounts().inAnyNamespace().list().getItems());
    dependents.addAll(
        client.resources(PodDisruptionBudget.class).inAnyNamespace().list().getItems());
    int deleted = 0;
    for (HasMetadata dependent : dependents) {
      List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
      if (owners == null || owners.isEmpty()) {
        continue;
      }
      boolean orphan =
          owners.stream().noneMatch(o -> exists(dependent.getMetadata().getNamespace(), o));
      if (orphan) {
        LOG.info(() ->
            "garbage collector: deleting "
                + dependent.getKind()
                + " "
                + dependent.getMetadata().getNamespace()
                + "/"
                + dependent.getMetadata().getName()
                + ": its owner is gone");
        client.resource(dependent).delete();
        deleted++;
      }
    }
    return deleted;
  }

  private boolean exists(String namespace, OwnerReference owner) {
    String[] groupVersion = owner.getApiVersion().split("/", 2);
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(groupVersion.length == 2 ? groupVersion[0] : "")
            .withVersion(groupVersion.length == 2 ? groupVersion[1] : groupVersion[0])
            .withKind(owner.getKind())
            .withPlural(owner.getKind().toLowerCase(Locale.ROOT) + "s")
            .withNamespaced(true)
            .build();
    GenericKubernetesResource found =
        client
            .genericKubernetesResources(context)
            .inNamespace(namespace)
            .withName(owner.getName())
            .get();
    return found != null && owner.getUid().equals(found.getMetadata().getUid());
  }

  @Override
  public void close() {
    closed = true;
    if (loop != null) {
      loop.interrupt();
    }
  }
}
