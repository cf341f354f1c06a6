package dev.relais.operator.reconciler;

import dev.relais.operator.api.SmsPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the SmsPlatform of a namespace for the reconcilers of resources that depend on it (routes,
 * segments, campaigns), and re-reconciles them when it changes.
 */
final class PlatformLookup {

  private PlatformLookup() {}

  /**
   * An informer of SmsPlatforms whose every change triggers the reconciliation of all resources of
   * kind {@code primary} in the platform's namespace.
   */
  static <P extends HasMetadata> InformerEventSource<SmsPlatform, P> informer(
      EventSourceContext<P> context, Class<P> primary) {
    var configuration =
        InformerEventSourceConfiguration.from(SmsPlatform.class, primary)
            .withName("platforms")
            .withSecondaryToPrimaryMapper(platform ->
                context
                    .getPrimaryCache()
                    .list(platform.getMetadata().getNamespace())
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The platform serving a namespace: the oldest one not being deleted. */
  static Optional<SmsPlatform> of(InformerEventSource<SmsPlatform, ?> platforms, String namespace) {
    return platforms
        .list(namespace)
        .filter(p -> !p.isMarkedForDeletion())
        .filter(p -> p.getSpec() != null && p.getSpec().cassandra != null)
        .min(
            Comparator.comparing(
                    (SmsPlatform p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName()));
  }
}
