package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.ListMarketingMessagesResponse;
import dev.relais.proto.contacts.v1.MarketingSend;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The marketing messages of a number as contacts lists them, over real gRPC on loopback. */
class MarketingMessagesTest {

  private static final String PHONE = "+33612345678";
  private static final Instant SINCE = Instant.parse("2026-03-01T10:00:00.250Z");

  private static final FakeContacts CONTACTS = new FakeContacts();
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static Telemetry serverTelemetry;
  private static Telemetry clientTelemetry;
  private static ServiceServer server;
  private static Channel channel;

  /** A contacts service answering ListMarketingMessages from what the test gives it. */
  private static final class FakeContacts extends ContactsServiceGrpc.ContactsServiceImplBase {

    final List<ListMarketingMessagesRequest> requests = new CopyOnWriteArrayList<>();
    volatile ListMarketingMessagesResponse answer =
        ListMarketingMessagesResponse.getDefaultInstance();
    volatile Status failure;
    volatile Duration delay = Duration.ZERO;

    @Override
    public void listMarketingMessages(
        ListMarketingMessagesRequest request,
        StreamObserver<ListMarketingMessagesResponse> response) {
      requests.add(request);
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        response.onError(failure.asRuntimeException());
        return;
      }
      response.onNext(answer);
      response.onCompleted();
    }
  }

  @BeforeAll
  static void start() {
    serverTelemetry = Telemetry.create("fake-contacts", null, 1.0);
    clientTelemetry = Telemetry.create("analytics", SPANS, 1.0);
    server =
        ServiceServer.builder(ServiceConfig.of("fake-contacts", Map.of()), serverTelemetry)
            .grpc(CONTACTS)
            .start();
    channel = GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), clientTelemetry);
  }

  @AfterAll
  static void stop() {
    server.close();
    serverTelemetry.close();
    clientTelemetry.close();
  }

  @BeforeEach
  void reset() {
    CONTACTS.requests.clear();
    CONTACTS.answer = ListMarketingMessagesResponse.getDefaultInstance();
    CONTACTS.failure = null;
    CONTACTS.delay = Duration.ZERO;
    SPANS.reset();
  }

  @Test
  void theNumbersMessagesComeUnclickedWithTheirCampaignVariantAndId() {
    CONTACTS.answer =
        ListMarketingMessagesResponse.newBuilder()
            .addMessages(send("shop/summer", "m2", "", SINCE.plusSeconds(7200)))
            .addMessages(send("shop/spring", "m1", "B", SINCE.plusSeconds(3600)))
            .build();

    List<SentMessage> messages = marketingMessages(Duration.ofSeconds(5)).sentTo(PHONE, SINCE);

    assertThat(messages)
        .containsExactly(
            SentMessage.unclicked("shop/summer", "", "m2"),
            SentMessage.unclicked("shop/spring", "B", "m1"));
    assertThat(CONTACTS.requests)
        .containsExactly(
            ListMarketingMessagesRequest.newBuilder()
                .setPhone(PHONE)
                .setDefaultRegion("FR")
                .setSince(
                    Timestamp.newBuilder().setSeconds(SINCE.getEpochSecond()).setNanos(250_000_000))
                .build());
  }

  @Test
  void aSendRecordedWithoutItsMessageIsLeftOut() {
    CONTACTS.answer =
        ListMarketingMessagesResponse.newBuilder()
            .addMessages(send("shop/winter", "", "", SINCE))
            .addMessages(send("shop/spring", "m1", "", SINCE))
            .build();

    assertThat(marketingMessages(Duration.ofSeconds(5)).sentTo(PHONE, SINCE))
        .containsExactly(SentMessage.unclicked("shop/spring", "", "m1"));
  }

  @Test
  void contactsFailingOrLateFailsTheCallWithItsStatus() {
    CONTACTS.failure = Status.UNAVAILABLE.withDescription("contacts store unavailable");
    assertThatThrownBy(() -> marketingMessages(Duration.ofSeconds(5)).sentTo(PHONE, SINCE))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

    CONTACTS.failure = null;
    CONTACTS.delay = Duration.ofMillis(500);
    assertThatThrownBy(() -> marketingMessages(Duration.ofMillis(100)).sentTo(PHONE, SINCE))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void theNumberIsInNoSpan() {
    Span parent = clientTelemetry.tracer().spanBuilder("record conversion").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      marketingMessages(Duration.ofSeconds(5)).sentTo(PHONE, SINCE);
    } finally {
      parent.end();
    }
    ((OpenTelemetrySdk) clientTelemetry.openTelemetry())
        .getSdkTracerProvider()
        .forceFlush()
        .join(10, TimeUnit.SECONDS);

    List<SpanData> spans = SPANS.getFinishedSpanItems();
    assertThat(spans).as("the call is traced").hasSizeGreaterThan(1);
    for (SpanData span : spans) {
      assertThat(span.getName()).doesNotContain("612345678");
      span.getAttributes()
          .forEach((key, value) -> assertThat(String.valueOf(value)).doesNotContain("612345678"));
      span.getEvents()
          .forEach(event ->
              event
                  .getAttributes()
                  .forEach((key, value) ->
                      assertThat(String.valueOf(value)).doesNotContain("612345678")));
    }
  }

  private static MarketingMessages marketingMessages(Duration timeout) {
    return new MarketingMessages(channel, timeout, "FR");
  }

  private static MarketingSend send(String campaign, String message, String variant, Instant at) {
    return MarketingSend.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setVariant(variant)
        .setSentAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
        .build();
  }
}
