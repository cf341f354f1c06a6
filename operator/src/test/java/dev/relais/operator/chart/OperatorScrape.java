package dev.relais.operator.chart;

import dev.relais.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the series the operator's {@code GET /metrics} serves once it has reconciled (with a
 * success and a failure) and autoscaled: what {@link OperatorMetrics} writes for the endpoint.
 */
final class OperatorScrape {

  private OperatorScrape() {}

  static Set<String> seriesNames() {
    try (OperatorMetrics metrics = new OperatorMetrics()) {
      metrics.timeControllerExecution(reconcile(() -> "ok"));
      try {
        metrics.timeControllerExecution(
            reconcile(() -> {
              throw new IllegalStateException("scheduler unavailable");
            }));
      } catch (IllegalStateException expected) {
        // counted as an error
      }
      Pod campaign =
          new PodBuilder().withMetadata(new ObjectMetaBuilder().withName("c").build()).build();
      metrics.failedReconciliation(campaign, new IllegalStateException("x"), Map.of());
      metrics.scaled("sms/orange", 1, 3);
      metrics.desiredReplicas("sms/orange", 3);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      metrics.write(out);
      Set<String> names = new TreeSet<>();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body run as the reconcile of a Campaign. */
  interface Body {
    String run() throws Exception;
  }

  private static Metrics.ControllerExecution<String> reconcile(Body body) {
    return new Metrics.ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return "campaign";
      }

      @Override
      public String successTypeName(String result) {
        return "success";
      }

      @Override
      public ResourceID resourceID() {
        return new ResourceID("spring-sale", "sms");
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of(
            Constants.RESOURCE_GVK_KEY, new GroupVersionKind("relais.dev", "v1alpha1", "Campaign"));
      }

      @Override
      public String execute() throws Exception {
        return body.run();
      }
    };
  }
}
