package dev.relais.operator.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The objects one rendering of the chart produced, with typed look-ups. */
record RenderedChart(List<HasMetadata> objects) {

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The single object of that type; fails when there are none or several. */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + " but the chart rendered " + found.size());
    }
    return found.getFirst();
  }

  List<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).sorted().toList();
  }

  /** Every pod template the chart renders, by "Kind/name" of the object holding it. */
  Map<String, PodTemplateSpec> podTemplates() {
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
    for (HasMetadata object : objects) {
      PodTemplateSpec template =
          switch (object) {
            case Deployment d -> d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec().getTemplate();
            case DaemonSet d -> d.getSpec().getTemplate();
            case ReplicaSet r -> r.getSpec().getTemplate();
            case Job j -> j.getSpec().getTemplate();
            case CronJob c -> c.getSpec().getJobTemplate().getSpec().getTemplate();
            case Pod p -> new PodTemplateSpec(p.getMetadata(), p.getSpec());
            default -> null;
          };
      if (template != null) {
        templates.put(object.getKind() + "/" + object.getMetadata().getName(), template);
      }
    }
    return templates;
  }

  Deployment operatorDeployment() {
    return one(Deployment.class);
  }
}
