package dev.relais.operator.reconciler;

import dev.relais.operator.api.Condition;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.SegmentValidator;
import dev.relais.operator.services.PlatformEndpoints;
import dev.relais.operator.services.SegmentEstimator;
import dev.relais.operator.services.ServiceAddresses;
import dev.relais.operator.services.ServiceCallException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates Segments and reports them Ready, with their estimated size when the namespace's
 * contacts service can tell it; the estimate is refreshed periodically as contacts change.
 */
@ControllerConfiguration(name = "segment")
public class SegmentReconciler implements Reconciler<Segment> {

  /** Reason of a Ready=False condition caused by the spec, or a filter the contacts refuse. */
  public static final String INVALID_SPEC = "InvalidSpec";

  private final SegmentEstimator estimator;
  private final ServiceAddresses addresses;
  private final Duration refresh;
  private final Clock clock;
  private volatile InformerEventSource<SmsPlatform, Segment> platforms;

  public SegmentReconciler(
      SegmentEstimator estimator, ServiceAddresses addresses, Duration refresh, Clock clock) {
    this.estimator = estimator;
    this.addresses = addresses;
    this.refresh = refresh;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Segment>> prepareEventSources(EventSourceContext<Segment> context) {
    platforms = PlatformLookup.informer(context, Segment.class);
    return List.of(platforms);
  }

  @Override
  public UpdateControl<Segment> reconcile(Segment segment, Context<Segment> context) {
    List<String> problems = SegmentValidator.problems(segment.getSpec());
    if (!problems.isEmpty()) {
      return status(
          segment, context, null, Conditions.notReady(INVALID_SPEC, String.join("; ", problems)));
    }
    String namespace = segment.getMetadata().getNamespace();
    PlatformEndpoints endpoints = addresses.of(PlatformLookup.of(platforms, namespace), namespace);
    Long previous = segment.getStatus() == null ? null : segment.getStatus().estimatedSize;
    if (endpoints.contacts().isEmpty()) {
      return status(
          segment,
          context,
          previous,
          Conditions.ready("Valid", "no contacts service in this namespace to estimate its size"));
    }
    try {
      Optional<Long> size =
          estimator.estimate(
              endpoints.contacts().get(),
              Objects.requireNonNullElse(segment.getSpec().list, ""),
              Objects.requireNonNullElse(segment.getSpec().tags, List.of()),
              Objects.requireNonNullElse(segment.getSpec().filter, ""));
      Condition ready =
          size.map(n -> Conditions.ready("Estimated", "about " + n + " contacts match"))
              .orElse(Conditions.ready("Valid", "the contacts service gives no estimate"));
      return status(segment, context, size.orElse(previous), ready).rescheduleAfter(refresh);
    } catch (ServiceCallException e) {
      if (e.rejected()) {
        return status(segment, context, null, Conditions.notReady(INVALID_SPEC, e.getMessage()));
      }
      // The segment is still usable; only its size is unknown for now.
      return status(
              segment,
              context,
              previous,
              Conditions.ready("SizeUnknown", "could not estimate the size: " + e.getMessage()))
          .rescheduleAfter(Duration.ofMinutes(1));
    }
  }

  private UpdateControl<Segment> status(
      Segment segment, Context<Segment> context, Long size, Condition ready) {
    Segment.Status current = segment.getStatus();
    Segment.Status next = new Segment.Status();
    next.observedGeneration = segment.getMetadata().getGeneration();
    next.estimatedSize = size;
    next.conditions =
        Conditions.merge(current == null ? null : current.conditions, ready, clock.instant());
    if (StatusUpdates.same(current, next)) {
      return UpdateControl.noUpdate();
    }
    if ("False".equals(ready.status)
        && (current == null || !Conditions.unchanged(current.conditions, ready))) {
      ResourceEvents.warning(context.getClient(), segment, ready.reason, ready.message);
    }
    return UpdateControl.patchStatus(StatusUpdates.minimal(segment, Segment::new, next));
  }
}
