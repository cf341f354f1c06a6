package dev.relais.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.services.RouteStatsSource.RouteStats;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A route's lastError shows the latest problem and goes once the route works again. */
class RouteLastErrorTest {

  private static final String BIND_REFUSED = "bind refused: ESME_RBINDFAIL";

  @Test
  void aNewErrorReplacesTheOldOne() {
    assertThat(SmppRouteReconciler.lastError("old", BIND_REFUSED, false, Optional.empty()))
        .isEqualTo(BIND_REFUSED);
  }

  @Test
  void theErrorStaysWhileTheRouteIsNotReadyAndNothingIsBound() {
    assertThat(
            SmppRouteReconciler.lastError(
                BIND_REFUSED, null, false, Optional.of(new RouteStats(10, 0, 0, ""))))
        .isEqualTo(BIND_REFUSED);
    assertThat(SmppRouteReconciler.lastError(BIND_REFUSED, null, false, Optional.empty()))
        .isEqualTo(BIND_REFUSED);
  }

  @Test
  void theErrorIsClearedOnceTheRouteBindsAgainEvenBeforeEveryReplicaIsReady() {
    assertThat(
            SmppRouteReconciler.lastError(
                BIND_REFUSED, null, false, Optional.of(new RouteStats(10, 5, 2, ""))))
        .isNull();
  }

  @Test
  void theErrorIsClearedOnceTheRouteIsReady() {
    assertThat(SmppRouteReconciler.lastError(BIND_REFUSED, null, true, Optional.empty())).isNull();
  }
}
