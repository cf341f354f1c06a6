package dev.relais.operator;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.reconciler.CampaignReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What the chart's uninstall hook runs before the operator is removed: take the operator's
 * finalizer off every Campaign, so that nothing is left that only a running operator could ever let
 * go of (a namespace holding such a Campaign could not be deleted). The operator adds the finalizer
 * back only when it hands a new generation to the scheduler, so the few seconds between this hook
 * and the operator's removal leave practically nothing to race with.
 */
public final class FinalizerRelease {

  private static final Logger LOG = Logger.getLogger(FinalizerRelease.class.getName());

  private final KubernetesClient client;

  public FinalizerRelease(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Releases every Campaign of the watched namespaces (all when empty).
   *
   * @return how many Campaigns carried the finalizer
   */
  public int run(Set<String> namespaces) {
    List<Campaign> campaigns =
        namespaces.isEmpty()
            ? client.resources(Campaign.class).inAnyNamespace().list().getItems()
            : namespaces.stream()
                .flatMap(ns ->
                    client.resources(Campaign.class).inNamespace(ns).list().getItems().stream())
                .toList();
    int released = 0;
    for (Campaign campaign : campaigns) {
      if (campaign.hasFinalizer(CampaignReconciler.FINALIZER)) {
        PrimaryUpdateAndCacheUtils.removeFinalizer(client, campaign, CampaignReconciler.FINALIZER);
        released++;
        LOG.info(
            "released campaign "
                + campaign.getMetadata().getNamespace()
                + "/"
                + campaign.getMetadata().getName());
      }
    }
    return released;
  }
}
