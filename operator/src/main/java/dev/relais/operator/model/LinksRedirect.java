package dev.relais.operator.model;

import dev.relais.operator.api.SmsPlatform;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The public side of the links service: the port its pods redirect short links on, and the Service
 * an Ingress (or a LoadBalancer in front of it) points at. Kept apart from the gRPC Service, which
 * is internal: exposing this one exposes the redirects and nothing else.
 */
public final class LinksRedirect {

  /** Name of the redirect container port. */
  public static final String PORT_NAME = "http-redirect";

  /** Container port the links pods redirect on ({@code links.port}). */
  public static final int CONTAINER_PORT = 8080;

  /** Port of the redirect Service. */
  public static final int SERVICE_PORT = 80;

  private LinksRedirect() {}

  /** Whether the platform runs the links service: only with a base URL to build links on. */
  public static boolean enabled(SmsPlatform platform) {
    String base = platform.getSpec().linkTrackingBaseUrl;
    return base != null && !base.isBlank();
  }

  /** Name of the redirect Service: {@code <platform>-links-redirect}. */
  public static String serviceName(String platformName) {
    return RelaisService.LINKS.objectName(platformName) + "-redirect";
  }

  /** The ClusterIP Service of the redirects, port 80 to the pods' {@value #PORT_NAME} port. */
  public static Service service(SmsPlatform platform) {
    String name = platform.getMetadata().getName();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(serviceName(name))
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(PlatformServicesBuilder.labels(name, RelaisService.LINKS))
        .withOwnerReferences(DispatchDeploymentBuilder.ownerReference(platform))
        .endMetadata()
        .withNewSpec()
        .withSelector(PlatformServicesBuilder.selectorLabels(name, RelaisService.LINKS))
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(SERVICE_PORT)
        .withTargetPort(new IntOrString(PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
