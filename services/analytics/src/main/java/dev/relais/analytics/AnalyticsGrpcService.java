package dev.relais.analytics;

import dev.relais.analytics.conversion.RevenueTally;
import dev.relais.analytics.events.CampaignCounts;
import dev.relais.analytics.events.EventBatch;
import dev.relais.analytics.events.EventBatchValidator;
import dev.relais.analytics.store.CampaignCounterDao;
import dev.relais.analytics.store.CampaignTimelineDao;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.GetCampaignTimelineRequest;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.RecordEventsResponse;
import dev.relais.proto.analytics.v1.VariantStats;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The gRPC {@code relais.analytics.v1.AnalyticsService}: validates, then delegates. */
public final class AnalyticsGrpcService extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {

  private static final Logger LOG = Logger.getLogger(AnalyticsGrpcService.class.getName());
  private static final int MAX_BATCH_ID_LENGTH = 256;
  private static final int DEFAULT_TIMELINE_BUCKET_SECONDS = 60;

  private final EventRecorder recorder;
  private final CampaignCounterDao counters;
  private final CampaignTimelineDao timelines;

  private final AnalyticsMetrics metrics;
  private final EventTracing tracing;
  private final Function<String, RevenueTally> conversions;

  public AnalyticsGrpcService(
      EventRecorder recorder, CampaignCounterDao counters, CampaignTimelineDao timelines) {
    this(recorder, counters, timelines, AnalyticsMetrics.none());
  }

  public AnalyticsGrpcService(
      EventRecorder recorder,
      CampaignCounterDao counters,
      CampaignTimelineDao timelines,
      AnalyticsMetrics metrics) {
    this(recorder, counters, timelines, metrics, EventTracing.NONE, c -> new RevenueTally());
  }

  /** A service that also records the events of traced messages in their traces. */
  public AnalyticsGrpcService(
      EventRecorder recorder,
      CampaignCounterDao counters,
      CampaignTimelineDao timelines,
      AnalyticsMetrics metrics,
      Tracer tracer) {
    this(recorder, counters, timelines, metrics, new EventTracing(tracer), c -> new RevenueTally());
  }

  /**
   * A service that also records the events of traced messages in their traces, and whose campaign
   * stats carry the conversions and revenue {@code conversions} tallies for a campaign.
   */
  public AnalyticsGrpcService(
      EventRecorder recorder,
      CampaignCounterDao counters,
      CampaignTimelineDao timelines,
      AnalyticsMetrics metrics,
      Tracer tracer,
      Function<String, RevenueTally> conversions) {
    this(recorder, counters, timelines, metrics, new EventTracing(tracer), conversions);
  }

  private AnalyticsGrpcService(
      EventRecorder recorder,
      CampaignCounterDao counters,
      CampaignTimelineDao timelines,
      AnalyticsMetrics metrics,
      EventTracing tracing,
      Function<String, RevenueTally> conversions) {
    this.conversions = conversions;
    this.tracing = tracing;
    this.metrics = metrics;
    this.recorder = recorder;
    this.counters = counters;
    this.timelines = timelines;
  }

  @Override
  public void recordEvents(
      RecordEventsRequest request, StreamObserver<RecordEventsResponse> response) {
    GrpcErrors.answer(response, "analytics", () -> record(request));
  }

  private RecordEventsResponse record(RecordEventsRequest request) {
    Optional<String> problem = EventBatchValidator.problem(request.getEventsList());
    if (problem.isEmpty() && request.getBatchId().length() > MAX_BATCH_ID_LENGTH) {
      problem = Optional.of("batch_id is at most " + MAX_BATCH_ID_LENGTH + " characters");
    }
    if (problem.isPresent()) {
      throw new IllegalArgumentException("batch refused, nothing recorded: " + problem.get());
    }
    // Without a batch id the caller gave up retry protection; the generated id still lets the
    // batch go through the same claim-write-count path and shows up in logs.
    String batchId =
        request.getBatchId().isBlank() ? "server-" + UUID.randomUUID() : request.getBatchId();
    Span span = Span.current();
    span.setAttribute("relais.analytics.batch_id", batchId);
    span.setAttribute("relais.analytics.events", request.getEventsCount());
    EventRecorder.Outcome outcome;
    long started = EventTracing.nowEpochNanos();
    try {
      outcome = recorder.record(batchId, EventBatch.of(request.getEventsList()));
    } catch (EventRecorder.RecordingFailedException e) {
      LOG.log(Level.WARNING, e.getMessage(), e);
      throw Status.UNAVAILABLE
          .withDescription(e.getMessage() + "; nothing was counted, retry the same batch")
          .withCause(e)
          .asRuntimeException();
    }
    return switch (outcome) {
      case EventRecorder.Recorded recorded -> {
        span.setAttribute("relais.analytics.outcome", "recorded");
        metrics.recorded(request.getEventsList());
        tracing.recorded(request.getEventsList(), started);
        yield accepted(request.getEventsCount());
      }
      case EventRecorder.Duplicate duplicate -> {
        span.setAttribute("relais.analytics.outcome", "duplicate");
        yield accepted(0);
      }
      case EventRecorder.InProgress inProgress -> {
        span.setAttribute("relais.analytics.outcome", "in-progress");
        throw Status.UNAVAILABLE
            .withDescription("batch " + batchId + " is being recorded by another call; retry later")
            .asRuntimeException();
      }
    };
  }

  @Override
  public void getCampaignStats(
      GetCampaignStatsRequest request, StreamObserver<CampaignStats> response) {
    GrpcErrors.answer(
        response,
        "analytics",
        () -> {
          if (request.getCampaignId().isBlank()) {
            throw new IllegalArgumentException("campaign_id is required");
          }
          CampaignCounterDao.Counts all = counters.readWithVariants(request.getCampaignId());
          RevenueTally converted = conversions.apply(request.getCampaignId());
          CampaignCounts counts = all.total();
          CampaignStats.Builder stats = CampaignStats.newBuilder();
          all.variants()
              .forEach((name, variant) ->
                  stats.addVariants(
                      VariantStats.newBuilder()
                          .setVariant(name)
                          .setQueued(variant.queued())
                          .setSubmitted(variant.submitted())
                          .setSubmitFailed(variant.submitFailed())
                          .setDelivered(variant.delivered())
                          .setUndelivered(variant.undelivered())
                          .setExpired(variant.expired())
                          .setOptedOut(variant.optedOut())
                          .setInDoubt(variant.inDoubt())
                          .setDeliveryUnknown(variant.deliveryUnknown())
                          .setDeliveryRate(variant.deliveryRate())
                          .setConversions(converted.variant(name).conversions())
                          .addAllRevenue(converted.variant(name).revenue())));
          return stats
              .setCampaignId(request.getCampaignId())
              .setQueued(counts.queued())
              .setSubmitted(counts.submitted())
              .setSubmitFailed(counts.submitFailed())
              .setDelivered(counts.delivered())
              .setUndelivered(counts.undelivered())
              .setExpired(counts.expired())
              .setOptedOut(counts.optedOut())
              .setInDoubt(counts.inDoubt())
              .setDeliveryUnknown(counts.deliveryUnknown())
              .setDeliveryRate(counts.deliveryRate())
              .setConversions(converted.conversions())
              .addAllRevenue(converted.revenue())
              .build();
        });
  }

  @Override
  public void getCampaignTimeline(
      GetCampaignTimelineRequest request, StreamObserver<CampaignTimeline> response) {
    GrpcErrors.answer(
        response,
        "analytics",
        () -> {
          if (request.getCampaignId().isBlank()) {
            throw new IllegalArgumentException("campaign_id is required");
          }
          int seconds =
              request.getBucketSeconds() == 0
                  ? DEFAULT_TIMELINE_BUCKET_SECONDS
                  : request.getBucketSeconds();
          return timelines.read(request.getCampaignId(), Duration.ofSeconds(seconds));
        });
  }

  private static RecordEventsResponse accepted(int events) {
    return RecordEventsResponse.newBuilder().setAccepted(events).build();
  }
}
