package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.telemetry.TraceParent;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.queue.QueuedMessage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A campaign stored under the operator's reconcile span is expanded in that trace, also by the
 * scheduler instance that takes over after a restart: its expansion, every queued page, and (at a
 * message sampling ratio of 1) a span per queued message whose context the message carries.
 */
class CampaignTraceIT {

  private static final String ROUTE = "orange-fr";
  private static final int AUDIENCE = 2_500;

  @Test
  void expansionPagesAndQueuedMessagesContinueTheCampaignTraceAcrossARestart() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (SchedulerHarness harness =
            new SchedulerHarness(Map.of("telemetry.message.sampling", "1.0"), spans);
        Telemetry operator = Telemetry.create("operator", null, 1.0)) {
      harness.contacts.list(
          "buyers",
          AUDIENCE,
          i -> Contact.newBuilder().setPhone(String.format("+337%08d", i)).build());
      harness.scheduler.upsertRoute(
          Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(4).build());
      harness.contacts.pageDelay = Duration.ofMillis(300);
      var traced =
          SchedulerServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", harness.port()), operator));
      Campaign spec =
          Campaign.newBuilder()
              .setId("shop/traced")
              .setGeneration(1)
              .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
              .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
              .setAudienceList("buyers")
              .setTemplate("Votre commande est prête.")
              .build();

      Span reconcile = operator.tracer().spanBuilder("reconcile Campaign").startSpan();
      CampaignStatus accepted;
      try (Scope ignored = reconcile.makeCurrent()) {
        accepted = traced.upsertCampaign(spec);
      } finally {
        reconcile.end();
      }
      String traceId = reconcile.getSpanContext().getTraceId();
      assertThat(accepted.getTraceId()).isEqualTo(traceId);

      Instant giveUp = Instant.now().plusSeconds(60);
      while (harness.status("shop/traced").getAudience() < 1000) {
        assertThat(Instant.now()).isBefore(giveUp);
        Thread.sleep(20);
      }
      harness.restartScheduler();
      CampaignStatus done = harness.awaitExpanded("shop/traced", Duration.ofSeconds(60));
      assertThat(done.getQueued()).isEqualTo(AUDIENCE);
      assertThat(done.getTraceId()).isEqualTo(traceId);
      harness.flushSpans();

      List<SpanData> finished = spans.getFinishedSpanItems();
      SpanData upsert =
          finished.stream()
              .filter(s -> s.getName().endsWith("SchedulerService/UpsertCampaign"))
              .filter(s -> s.getTraceId().equals(traceId))
              .findFirst()
              .orElseThrow();
      List<SpanData> expansions = named(finished, "expand campaign");
      // One expansion before the restart, at least one after it, all continuing the upsert.
      assertThat(expansions).hasSizeGreaterThanOrEqualTo(2);
      assertThat(expansions)
          .allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(traceId);
            assertThat(s.getParentSpanId()).isEqualTo(upsert.getSpanId());
          });
      Set<String> expansionIds = ids(expansions);
      List<SpanData> pages = named(finished, "queue page");
      assertThat(pages).hasSizeGreaterThanOrEqualTo(AUDIENCE / 1000 + 1);
      assertThat(pages)
          .allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(traceId);
            assertThat(s.getParentSpanId()).isIn(expansionIds);
          });
      Set<String> pageIds = ids(pages);
      Map<String, SpanData> messageSpans =
          named(finished, "queue message").stream()
              .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

      List<QueuedMessage> queued = harness.queued(ROUTE, "shop/traced");
      assertThat(queued).hasSize(AUDIENCE);
      assertThat(queued)
          .allSatisfy(m -> {
            SpanContext context = TraceParent.spanContext(m.trace());
            assertThat(context.isValid()).isTrue();
            assertThat(context.getTraceId()).isEqualTo(traceId);
            SpanData span = messageSpans.get(context.getSpanId());
            assertThat(span).isNotNull();
            assertThat(span.getParentSpanId()).isIn(pageIds);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("message.id")))
                .isEqualTo(m.messageId().toString());
          });
      // Numbers and texts never become span attributes.
      assertThat(finished)
          .allSatisfy(s ->
              assertThat(s.getAttributes().asMap().values())
                  .allSatisfy(
                      v -> assertThat(String.valueOf(v)).doesNotContain("+337", "commande")));
    }
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static Set<String> ids(List<SpanData> spans) {
    return spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
  }
}
