package dev.relais.operator.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.EstimateSegmentRequest;
import dev.relais.proto.contacts.v1.SegmentEstimate;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CostPreview;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC gateway against real gRPC servers speaking the scheduler and analytics contracts. */
class GrpcSchedulerGatewayTest {

  private static final Map<String, Campaign> CAMPAIGNS = new ConcurrentHashMap<>();
  private static final Map<String, Route> ROUTES = new ConcurrentHashMap<>();
  private static Server server;
  private static GrpcChannels channels;
  private static GrpcSchedulerGateway gateway;
  private static String address;

  /** The trace context header of the last call the servers received. */
  private static final AtomicReference<String> TRACEPARENT = new AtomicReference<>();

  @BeforeAll
  static void start() throws IOException {
    server =
        ServerBuilder.forPort(0)
            .addService(new Scheduler())
            .addService(new Analytics())
            .addService(new Contacts())
            .intercept(
                new ServerInterceptor() {
                  @Override
                  public <Q, R> ServerCall.Listener<Q> interceptCall(
                      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                    TRACEPARENT.set(
                        headers.get(
                            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER)));
                    return next.startCall(call, headers);
                  }
                })
            .build()
            .start();
    address = "127.0.0.1:" + server.getPort();
    channels = new GrpcChannels(OpenTelemetry.noop());
    gateway = new GrpcSchedulerGateway(channels, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    channels.close();
    server.shutdownNow();
  }

  @Test
  void aCampaignIsUpsertedAndItsProgressReadWithDeliveryFromAnalytics() {
    Campaign campaign =
        Campaign.newBuilder().setId("shop/sale").setGeneration(3).setTemplate("Hi").build();

    CampaignProgress accepted = gateway.upsertCampaign(address, campaign);
    Optional<CampaignProgress> read = gateway.campaign(address, Optional.of(address), "shop/sale");

    assertThat(CAMPAIGNS.get("shop/sale").getGeneration()).isEqualTo(3);
    assertThat(accepted.phase()).isEqualTo("Sending");
    assertThat(accepted.observedGeneration()).isEqualTo(3);
    assertThat(read).isPresent();
    assertThat(read.get().suppressed()).containsEntry("opted-out", 7L);
    assertThat(read.get().queued()).isEqualTo(93);
    assertThat(read.get().delivery()).isPresent();
    assertThat(read.get().delivery().get().failed()).isEqualTo(5);
    assertThat(read.get().delivery().get().deliveryRate()).isEqualTo(0.9);
    assertThat(read.get().cost()).contains(new CampaignProgress.Cost("4.65", "EUR", 93, 0));
  }

  @Test
  void callsContinueTheTraceOfTheReconciliationThatMakesThem() {
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    try (GrpcChannels traced = new GrpcChannels(sdk)) {
      GrpcSchedulerGateway tracedGateway = new GrpcSchedulerGateway(traced, Duration.ofSeconds(5));
      Span reconcile = sdk.getTracer("test").spanBuilder("reconcile Campaign").startSpan();
      try (Scope ignored = reconcile.makeCurrent()) {
        tracedGateway.upsertCampaign(
            address,
            Campaign.newBuilder().setId("shop/traced").setGeneration(1).setTemplate("Hi").build());
      } finally {
        reconcile.end();
      }
      assertThat(TRACEPARENT.get())
          .as("traceparent the scheduler received: the reconciliation's trace and span")
          .startsWith(
              "00-"
                  + reconcile.getSpanContext().getTraceId()
                  + "-"
                  + reconcile.getSpanContext().getSpanId()
                  + "-");
    } finally {
      sdk.close();
    }
  }

  @Test
  void anUnknownCampaignIsEmptyAndWithoutAnalyticsDeliveryIsAbsent() {
    assertThat(gateway.campaign(address, Optional.empty(), "shop/nothing")).isEmpty();
    CAMPAIGNS.put("shop/other", Campaign.newBuilder().setId("shop/other").setGeneration(1).build());
    assertThat(gateway.campaign(address, Optional.empty(), "shop/other").orElseThrow().delivery())
        .isEmpty();
  }

  @Test
  void aRefusalIsRejectedAndAnOutageIsNot() {
    Campaign invalid = Campaign.newBuilder().setId("shop/bad").setTemplate("").build();
    assertThatThrownBy(() -> gateway.upsertCampaign(address, invalid))
        .isInstanceOfSatisfying(
            ServiceCallException.class,
            e -> {
              assertThat(e.rejected()).isTrue();
              assertThat(e.getMessage()).contains("INVALID_ARGUMENT template is empty");
            });
    assertThatThrownBy(() -> gateway.upsertCampaign("127.0.0.1:1", invalid))
        .isInstanceOfSatisfying(
            ServiceCallException.class, e -> assertThat(e.rejected()).isFalse());
  }

  @Test
  void deliveryCountsTheSchedulerReportsWinOverAnalytics() {
    CAMPAIGNS.put(
        "shop/counted", Campaign.newBuilder().setId("shop/counted").setGeneration(1).build());

    CampaignProgress progress =
        gateway.campaign(address, Optional.of(address), "shop/counted").orElseThrow();

    assertThat(progress.delivery().orElseThrow().submitted()).isEqualTo(80);
    assertThat(progress.heldForWindow()).isEqualTo(12);
  }

  @Test
  void segmentsAreEstimatedByContactsAndABadFilterIsRejected() {
    GrpcSegmentEstimator estimator = new GrpcSegmentEstimator(channels, Duration.ofSeconds(5));

    assertThat(estimator.estimate(address, "customers", List.of(), "city = \"Lyon\""))
        .contains(4200L);
    assertThat(estimator.estimate(address, "customers", List.of("vip"), "")).contains(1400L);
    assertThatThrownBy(() -> estimator.estimate(address, "customers", List.of(), "city ="))
        .isInstanceOfSatisfying(
            ServiceCallException.class,
            e -> {
              assertThat(e.rejected()).isTrue();
              assertThat(e.getMessage()).contains("column 7");
            });
  }

  @Test
  void routesAreDeclared() {
    gateway.upsertRoute(address, Route.newBuilder().setName("orange").setShards(8).build());

    assertThat(ROUTES.get("orange").getShards()).isEqualTo(8);
  }

  @Test
  void theEncodingPreviewUcs2CountsAndEstimateAreRead() {
    CampaignStatus status =
        CampaignStatus.newBuilder()
            .setObservedGeneration(2)
            .setPhase(CampaignPhase.CAMPAIGN_PHASE_SCHEDULED)
            .setEncoding(
                dev.relais.proto.scheduler.v1.EncodingPreview.newBuilder()
                    .setEncoding("UCS-2")
                    .setParts(3)
                    .setPartsTransliterated(1)
                    .addUcs2Characters(
                        dev.relais.proto.scheduler.v1.Ucs2Character.newBuilder()
                            .setCharacter("’")
                            .setLine(1)
                            .setColumn(34)
                            .setOccurrences(2)
                            .setGsm7Form("'")
                            .setTransliterable(true))
                    .addUcs2Characters(
                        dev.relais.proto.scheduler.v1.Ucs2Character.newBuilder()
                            .setCharacter("😀")
                            .setLine(1)
                            .setColumn(40)
                            .setOccurrences(1)))
            .setQueuedUcs2(12)
            .setQueuedUcs2Parts(36)
            .setEstimate(
                dev.relais.proto.scheduler.v1.CostEstimate.newBuilder()
                    .setAudience(5000)
                    .setPartsPerMessage(3)
                    .setParts(15000)
                    .setAmount("675.00")
                    .setCurrency("EUR")
                    .setRoute("orange-fr"))
            .build();

    CampaignProgress progress = GrpcSchedulerGateway.progress(status, Optional.empty());

    CampaignProgress.Encoding encoding = progress.encoding().orElseThrow();
    assertThat(encoding.encoding()).isEqualTo("UCS-2");
    assertThat(encoding.parts()).isEqualTo(3);
    assertThat(encoding.partsTransliterated()).isEqualTo(1);
    assertThat(encoding.ucs2Characters())
        .extracting(dev.relais.sms.text.Ucs2Characters.Occurrence::describe)
        .containsExactly("’ (U+2019) at column 34 (2 times)", "😀 (U+1F600) at column 40");
    assertThat(encoding.ucs2Characters().get(1).transliterable()).isFalse();
    assertThat(progress.queuedUcs2()).isEqualTo(new CampaignProgress.Ucs2Count(12, 36));
    assertThat(progress.estimate())
        .contains(new CampaignProgress.Estimate(5000, 3, 15000, "675.00", "EUR", "orange-fr"));
  }

  @Test
  void eachVariantsPreviewAndCountsAreReadFromTheSchedulerOrElseFromAnalytics() {
    CampaignStatus status =
        CampaignStatus.newBuilder()
            .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
            .setQueued(10)
            .addVariants(
                dev.relais.proto.scheduler.v1.VariantStatus.newBuilder()
                    .setName("a")
                    .setWeight(70)
                    .setQueued(7)
                    .setQueuedParts(7)
                    .setEncoding(
                        dev.relais.proto.scheduler.v1.EncodingPreview.newBuilder()
                            .setEncoding("GSM-7")
                            .setParts(1))
                    .setDelivery(DeliveryCounts.newBuilder().setSubmitted(6).setDelivered(5)))
            .addVariants(
                dev.relais.proto.scheduler.v1.VariantStatus.newBuilder()
                    .setName("b")
                    .setWeight(30)
                    .setQueued(3)
                    .setQueuedParts(6))
            .build();

    CampaignProgress fromScheduler = GrpcSchedulerGateway.progress(status, Optional.empty());
    assertThat(fromScheduler.variants())
        .extracting(
            CampaignProgress.Variant::name,
            CampaignProgress.Variant::weight,
            CampaignProgress.Variant::queued,
            CampaignProgress.Variant::queuedParts,
            v -> v.delivery().map(CampaignProgress.Delivery::delivered).orElse(-1L))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 70, 7L, 7L, 5L),
            org.assertj.core.groups.Tuple.tuple("b", 30, 3L, 6L, -1L));
    assertThat(fromScheduler.variants().get(0).encoding().orElseThrow().encoding())
        .isEqualTo("GSM-7");

    // A scheduler without delivery counts: analytics' counts by variant fill them in.
    CampaignProgress fromAnalytics =
        GrpcSchedulerGateway.progress(
            status,
            Optional.of(
                CampaignStats.newBuilder()
                    .addVariants(
                        dev.relais.proto.analytics.v1.VariantStats.newBuilder()
                            .setVariant("b")
                            .setSubmitted(3)
                            .setSubmitFailed(1)
                            .setUndelivered(1))
                    .build()));
    assertThat(fromAnalytics.variants().get(1).delivery().orElseThrow())
        .extracting(CampaignProgress.Delivery::submitted, CampaignProgress.Delivery::failed)
        .containsExactly(3L, 2L);
  }

  @Test
  void anAbTestsStageDecisionAndArmsAreRead() {
    CampaignStatus waiting =
        CampaignStatus.newBuilder()
            .setAbTest(
                dev.relais.proto.scheduler.v1.AbTestStatus.newBuilder()
                    .setStage(dev.relais.proto.scheduler.v1.AbTestStage.AB_TEST_STAGE_WAITING)
                    .setSample(240)
                    .setDecideAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1000)))
            .build();
    CampaignProgress.AbTest before =
        GrpcSchedulerGateway.progress(waiting, Optional.empty()).abTest().orElseThrow();
    assertThat(before.stage()).isEqualTo("Waiting");
    assertThat(before.sample()).isEqualTo(240);
    assertThat(before.decideAt()).contains(java.time.Instant.ofEpochSecond(1000));
    assertThat(before.decided()).isFalse();
    assertThat(before.pValue()).isEmpty();
    assertThat(before.metric()).isEqualTo("clicks");
    assertThat(before.method()).isEqualTo("zTest");

    CampaignStatus decided =
        CampaignStatus.newBuilder()
            .setAbTest(
                dev.relais.proto.scheduler.v1.AbTestStatus.newBuilder()
                    .setStage(dev.relais.proto.scheduler.v1.AbTestStage.AB_TEST_STAGE_DECIDED)
                    .setWinner("b")
                    .setConclusive(true)
                    .setReason("b beats a on delivery")
                    .setDecidedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(2000))
                    .setPValue(0.012)
                    .setMetric(dev.relais.proto.scheduler.v1.AbTestMetric.AB_TEST_METRIC_DELIVERY)
                    .setMethod(dev.relais.proto.scheduler.v1.AbTestMethod.AB_TEST_METHOD_Z_TEST)
                    .addArms(
                        dev.relais.proto.scheduler.v1.AbTestArm.newBuilder()
                            .setVariant("a")
                            .setSuccesses(80)
                            .setTrials(120))
                    .addArms(
                        dev.relais.proto.scheduler.v1.AbTestArm.newBuilder()
                            .setVariant("b")
                            .setSuccesses(100)
                            .setTrials(120)))
            .build();
    CampaignProgress.AbTest after =
        GrpcSchedulerGateway.progress(decided, Optional.empty()).abTest().orElseThrow();
    assertThat(after.stage()).isEqualTo("Decided");
    assertThat(after.winner()).isEqualTo("b");
    assertThat(after.conclusive()).isTrue();
    assertThat(after.decidedAt()).contains(java.time.Instant.ofEpochSecond(2000));
    assertThat(after.pValue()).hasValue(0.012);
    assertThat(after.probabilityToBeatControl()).isEmpty();
    assertThat(after.metric()).isEqualTo("delivery");
    assertThat(after.arms())
        .containsExactly(
            new CampaignProgress.Arm("a", 80, 120), new CampaignProgress.Arm("b", 100, 120));

    assertThat(
            GrpcSchedulerGateway.progress(CampaignStatus.getDefaultInstance(), Optional.empty())
                .abTest())
        .isEmpty();
  }

  @Test
  void phasesReadAsTheirNames() {
    assertThat(GrpcSchedulerGateway.phase(CampaignPhase.CAMPAIGN_PHASE_HELD)).isEqualTo("Held");
  }

  /** A scheduler keeping campaigns in memory. */
  private static final class Scheduler extends SchedulerServiceGrpc.SchedulerServiceImplBase {

    @Override
    public void upsertCampaign(Campaign request, StreamObserver<CampaignStatus> response) {
      if (request.getTemplate().isEmpty()) {
        response.onError(
            Status.INVALID_ARGUMENT.withDescription("template is empty").asRuntimeException());
        return;
      }
      CAMPAIGNS.put(request.getId(), request);
      response.onNext(status(request));
      response.onCompleted();
    }

    @Override
    public void getCampaign(GetCampaignRequest request, StreamObserver<CampaignStatus> response) {
      Campaign campaign = CAMPAIGNS.get(request.getId());
      if (campaign == null) {
        response.onError(Status.NOT_FOUND.asRuntimeException());
        return;
      }
      response.onNext(status(campaign));
      response.onCompleted();
    }

    @Override
    public void upsertRoute(Route request, StreamObserver<Route> response) {
      ROUTES.put(request.getName(), request);
      response.onNext(request);
      response.onCompleted();
    }

    private static CampaignStatus status(Campaign campaign) {
      CampaignStatus.Builder status = CampaignStatus.newBuilder();
      if (campaign.getId().equals("shop/counted")) {
        status
            .setHeldForWindow(12)
            .setDelivery(DeliveryCounts.newBuilder().setSubmitted(80).setDelivered(79));
      }
      return status
          .setId(campaign.getId())
          .setObservedGeneration(campaign.getGeneration())
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
          .setAudience(100)
          .putSuppressed("opted-out", 7)
          .setQueued(93)
          .setCost(
              CostPreview.newBuilder()
                  .setAmount("4.65")
                  .setCurrency("EUR")
                  .setPricedParts(93)
                  .setUnpricedParts(0))
          .build();
    }
  }

  /** Contacts estimating every valid filter at 4200, and 1400 of them tagged vip. */
  private static final class Contacts extends ContactsServiceGrpc.ContactsServiceImplBase {

    @Override
    public void estimateSegment(
        EstimateSegmentRequest request, StreamObserver<SegmentEstimate> response) {
      if (request.getFilter().endsWith("=")) {
        response.onError(
            Status.INVALID_ARGUMENT
                .withDescription("expected a value after '=' at column 7")
                .asRuntimeException());
        return;
      }
      // A third of the contacts carry the tag "vip".
      long size = request.getTagsList().equals(List.of("vip")) ? 1400 : 4200;
      response.onNext(SegmentEstimate.newBuilder().setEstimatedSize(size).setExact(true).build());
      response.onCompleted();
    }
  }

  /** Analytics with fixed counts. */
  private static final class Analytics extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {

    @Override
    public void getCampaignStats(
        GetCampaignStatsRequest request, StreamObserver<CampaignStats> response) {
      response.onNext(
          CampaignStats.newBuilder()
              .setCampaignId(request.getCampaignId())
              .setSubmitted(50)
              .setDelivered(45)
              .setSubmitFailed(2)
              .setUndelivered(3)
              .setDeliveryRate(0.9)
              .build());
      response.onCompleted();
    }
  }
}
