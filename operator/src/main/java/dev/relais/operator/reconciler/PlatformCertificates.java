package dev.relais.operator.reconciler;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.PlatformServicesBuilder;
import dev.relais.operator.model.PlatformTls;
import dev.relais.operator.model.RelaisService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps cert-manager's Certificates of a platform with tls.mode CertManager (one per component,
 * {@link PlatformTls#certificate}), and deletes them when the platform leaves that mode or stops
 * running a component. Certificates are addressed by their resource definition, not discovered, so
 * that an API server without cert-manager answers 404 rather than the operator failing to start.
 */
final class PlatformCertificates {

  /** cert-manager's Certificate, as the API serves it. */
  static final ResourceDefinitionContext CERTIFICATES =
      new ResourceDefinitionContext.Builder()
          .withGroup("cert-manager.io")
          .withVersion("v1")
          .withKind(PlatformTls.CERTIFICATE_KIND)
          .withPlural("certificates")
          .withNamespaced(true)
          .build();

  private PlatformCertificates() {}

  /**
   * Applies the platform's Certificates in mode CertManager and deletes those it no longer wants.
   *
   * @throws KubernetesClientException when the API refuses, e.g. 404 without cert-manager
   */
  static void reconcile(KubernetesClient client, SmsPlatform platform) {
    String namespace = platform.getMetadata().getNamespace();
    String name = platform.getMetadata().getName();
    var certificates = client.genericKubernetesResources(CERTIFICATES).inNamespace(namespace);
    Set<String> wanted =
        PlatformTls.certManager(platform)
            ? PlatformTls.components(platform).stream()
                .map(c -> PlatformTls.secretName(name, c))
                .collect(Collectors.toSet())
            : Set.of();
    if (wanted.isEmpty()) {
      try {
        // One by one: the operator may delete Certificates, not whole collections of them.
        for (GenericKubernetesResource stale :
            certificates
                .withLabel("app.kubernetes.io/instance", name)
                .withLabel(PlatformServicesBuilder.OWNER_KIND_LABEL, "SmsPlatform")
                .list()
                .getItems()) {
          certificates.withName(stale.getMetadata().getName()).delete();
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND
            && e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
          throw e;
        }
        // No cert-manager in the cluster, or no right to its Certificates (RBAC left to the
        // platform team without them): this operator made none to delete.
      }
      return;
    }
    for (RelaisService component : PlatformTls.COMPONENTS) {
      String certificate = PlatformTls.secretName(name, component);
      GenericKubernetesResource actual = certificates.withName(certificate).get();
      if (!wanted.contains(certificate)) {
        if (actual != null) {
          certificates.withName(certificate).delete();
        }
        continue;
      }
      GenericKubernetesResource desired = PlatformTls.certificate(platform, component);
      String hash = ResourceApplier.digest(desired);
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(ResourceApplier.DESIRED_HASH, hash);
      desired.getMetadata().setAnnotations(annotations);
      if (actual == null) {
        certificates.resource(desired).create();
      } else if (!Objects.equals(
          hash, ResourceApplier.annotation(actual, ResourceApplier.DESIRED_HASH))) {
        desired.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
        certificates.resource(desired).update();
      }
    }
  }
}
