package dev.relais.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Records Kubernetes Events on Relais resources, as `kubectl describe` shows them. */
final class ResourceEvents {

  private static final Logger LOG = Logger.getLogger(ResourceEvents.class.getName());
  private static final String COMPONENT = "relais-operator";

  private ResourceEvents() {}

  /** A Warning event: something the user must fix. */
  static void warning(KubernetesClient client, HasMetadata on, String reason, String message) {
    record(client, on, "Warning", reason, message);
  }

  /** A Normal event: something worth knowing happened. */
  static void normal(KubernetesClient client, HasMetadata on, String reason, String message) {
    record(client, on, "Normal", reason, message);
  }

  private static void record(
      KubernetesClient client, HasMetadata on, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(on.getMetadata().getName() + ".")
            .withNamespace(on.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(on.getApiVersion())
            .withKind(on.getKind())
            .withName(on.getMetadata().getName())
            .withNamespace(on.getMetadata().getNamespace())
            .withUid(on.getMetadata().getUid())
            .withResourceVersion(on.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(on.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: failing to record one must not fail the reconciliation.
      LOG.log(Level.WARNING, "could not record event " + reason + " on " + describe(on), e);
    }
  }

  static String describe(HasMetadata resource) {
    return resource.getKind()
        + " "
        + resource.getMetadata().getNamespace()
        + "/"
        + resource.getMetadata().getName();
  }
}
