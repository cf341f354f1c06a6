package dev.relais.operator.reconciler;

import static dev.relais.operator.reconciler.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.FinalizerRelease;
import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.services.OperatorServices;
import dev.relais.operator.services.RouteStatsSource;
import dev.relais.operator.services.SegmentEstimator;
import dev.relais.operator.services.ServiceAddresses;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Removing the operator first (helm uninstall, then deleting resources) leaves nothing stuck. */
class FinalizerReleaseTest {

  @Test
  void afterTheUninstallHookEveryResourceCanBeDeletedWithoutTheOperator() throws Exception {
    try (MockCluster cluster = new MockCluster("shop")) {
      OperatorMain operator =
          OperatorMain.start(
              OperatorSettings.from(Map.of("RELAIS_USE_SSA", "false", "SERVER_PORT", "0")),
              cluster.client(),
              false,
              new OperatorServices(
                  new FakeScheduler(),
                  SegmentEstimator.NONE,
                  RouteStatsSource.NONE,
                  new ServiceAddresses(Map.of()),
                  () -> {}));
      cluster.create(Manifests.platform("shop", "relais"));
      cluster.create(Manifests.route("shop", "orange", 10));
      cluster.create(Manifests.sender("shop", "acme", "ACME"));
      cluster.create(Manifests.campaign("shop", "sale", "acme"));
      await(
          () -> campaign(cluster),
          c -> c.getMetadata().getFinalizers().contains(CampaignReconciler.FINALIZER));

      // helm uninstall: the pre-delete hook runs, then the operator is gone.
      int released = new FinalizerRelease(cluster.client()).run(Set.of());
      operator.close();

      assertThat(released).isEqualTo(1);
      cluster.client().resource(campaign(cluster)).delete();
      cluster.client().resources(SmppRoute.class).inNamespace("shop").withName("orange").delete();
      cluster.client().resources(SmsPlatform.class).inNamespace("shop").withName("relais").delete();
      await(() -> campaign(cluster) == null, gone -> gone);
      assertThat(cluster.client().resources(SmppRoute.class).inNamespace("shop").list().getItems())
          .isEmpty();
      assertThat(
              cluster.client().resources(SmsPlatform.class).inNamespace("shop").list().getItems())
          .isEmpty();
    }
  }

  private static Campaign campaign(MockCluster cluster) {
    return cluster.client().resources(Campaign.class).inNamespace("shop").withName("sale").get();
  }
}
