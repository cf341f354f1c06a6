package dev.relais.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.api.SmppRouteSpec;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A route's bounds as read from its custom resource, and the specs they refuse. */
class RouteScalingBoundsTest {

  private static SmppRouteSpec route(int maxTps) {
    SmppRouteSpec spec = new SmppRouteSpec();
    spec.maxTps = maxTps;
    return spec;
  }

  @Test
  void aRouteWithoutAutoscalingGetsTheCrdDefaults() {
    RouteScalingBounds b = RouteScalingBounds.of(route(500));

    assertThat(b)
        .isEqualTo(
            new RouteScalingBounds(1, 4, Duration.ofSeconds(300), 2, OptionalInt.empty(), 500));
    assertThat(b.sessionQuotaReplicas()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void readsTheDeclaredBoundsAndTheCarrierQuota() {
    SmppRouteSpec spec = route(800);
    spec.sessions = 3;
    spec.autoscaling = new SmppRouteSpec.Autoscaling();
    spec.autoscaling.minReplicas = 0;
    spec.autoscaling.maxReplicas = 12;
    spec.autoscaling.targetDrainSeconds = 600;
    spec.autoscaling.maxTotalSessions = 10;

    RouteScalingBounds b = RouteScalingBounds.of(spec);

    assertThat(b)
        .isEqualTo(
            new RouteScalingBounds(0, 12, Duration.ofSeconds(600), 3, OptionalInt.of(10), 800));
    assertThat(b.sessionQuotaReplicas()).as("10 sessions, 3 per replica").isEqualTo(3);
  }

  @Test
  void refusesBoundsThatCannotHold() {
    assertThatThrownBy(() -> RouteScalingBounds.of(new SmppRouteSpec()))
        .hasMessage("SmppRoute maxTps is required");
    assertThatThrownBy(
            () -> new RouteScalingBounds(5, 4, Duration.ofSeconds(300), 2, OptionalInt.empty(), 10))
        .hasMessage("minReplicas 5 exceeds maxReplicas 4");
    assertThatThrownBy(
            () -> new RouteScalingBounds(0, 4, Duration.ZERO, 2, OptionalInt.empty(), 10))
        .hasMessageContaining("targetDrain");
    assertThatThrownBy(
            () -> new RouteScalingBounds(0, 4, Duration.ofSeconds(300), 2, OptionalInt.of(0), 10))
        .hasMessageContaining("maxTotalSessions");
    assertThatThrownBy(
            () -> new RouteScalingBounds(0, 4, Duration.ofSeconds(300), 2, OptionalInt.empty(), 0))
        .hasMessageContaining("maxTps");
  }
}
