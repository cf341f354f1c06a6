package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.pump.RouteDispatcher;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.smsc.SmscSimulatorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher may start before the scheduler has declared its route in the queue (the quickstart
 * and every fresh install do): it waits quietly, then takes its shards, and the route's status
 * carries no error from the wait.
 */
class DispatchStartupIT {

  @Test
  void aDispatcherStartedBeforeItsRouteIsDeclaredWaitsQuietlyThenSendsWithNoErrorLeft()
      throws Exception {
    try (DispatchHarness harness = new DispatchHarness(SmscSimulatorConfig.builder(), 2, false);
        LogCapture logs = LogCapture.of(RouteDispatcher.class);
        DispatchServer dispatcher = harness.startDispatcher("startup-1", Map.of())) {
      assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
      // Two lease rounds at least (every third of the 6 s lease) before the route exists.
      Thread.sleep(5_000);
      assertThat(dispatcher.stats().lastError()).as("route status while waiting").isEmpty();

      harness.declareRoute(2);
      harness.enqueue(harness.messagesDueNow("it/startup", "+336", 0, 20));
      await(
          Duration.ofSeconds(60),
          () -> harness.analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= 20);

      assertThat(dispatcher.stats().lastError()).as("route status once sending").isEmpty();
      assertThat(logs.messages()).noneMatch(m -> m.contains("lease renewal"));
      assertThat(logs.messages()).filteredOn(m -> m.contains("not declared")).hasSize(1);
    }
  }
}
