package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.links.v1.ContactMessage;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import dev.relais.proto.links.v1.ListContactMessagesResponse;
import dev.relais.proto.links.v1.MessageRef;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A contact's messages with a tracked link as the links service lists them, over real gRPC. */
class LinkedMessagesTest {

  private static final String PHONE = "+33612345678";
  private static final PrivacyKey KEY = PrivacyKey.of("linked-messages-test-key");
  private static final Instant SINCE = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant CLICK = SINCE.plusSeconds(3600).plusNanos(5_000);

  private static final List<ListContactMessagesRequest> REQUESTS = new CopyOnWriteArrayList<>();
  private static Telemetry telemetry;
  private static ServiceServer server;

  @BeforeAll
  static void start() {
    telemetry = Telemetry.create("fake-links", null, 1.0);
    server =
        ServiceServer.builder(ServiceConfig.of("fake-links", Map.of()), telemetry)
            .grpc(
                new LinksServiceGrpc.LinksServiceImplBase() {
                  @Override
                  public void listContactMessages(
                      ListContactMessagesRequest request,
                      StreamObserver<ListContactMessagesResponse> response) {
                    REQUESTS.add(request);
                    response.onNext(
                        ListContactMessagesResponse.newBuilder()
                            .addMessages(
                                ContactMessage.newBuilder()
                                    .setCampaignId("shop/spring")
                                    .setVariant("A")
                                    .setMessageId("m1")
                                    .setLastClickedAt(ProtoTime.timestamp(CLICK)))
                            .addMessages(
                                ContactMessage.newBuilder()
                                    .setCampaignId("shop/summer")
                                    .setMessageId("m2"))
                            .build());
                    response.onCompleted();
                  }
                })
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    telemetry.close();
  }

  @Test
  void theMessagesAreAskedForUnderTheContactKeyNeverTheNumberWithTheirClicks() {
    LinkedMessages links =
        new LinkedMessages(
            GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry),
            Duration.ofSeconds(5),
            KEY);

    List<SentMessage> messages = links.sentTo(PHONE, SINCE);

    assertThat(messages)
        .containsExactly(
            new SentMessage("shop/spring", "A", "m1", Optional.of(CLICK)),
            SentMessage.unclicked("shop/summer", "", "m2"));
    assertThat(REQUESTS).hasSize(1);
    ListContactMessagesRequest request = REQUESTS.get(0);
    assertThat(request.getContactKey())
        .isEqualTo(PersonalData.contactKey(PHONE, KEY))
        .doesNotContain("612345678");
    assertThat(request.toString()).doesNotContain("612345678");
    assertThat(request.getSince().getSeconds()).isEqualTo(SINCE.getEpochSecond());
    assertThat(request.getMessagesList()).isEmpty();
  }

  @Test
  void theMessagesOtherSourcesKnowAreNamedSoThatTheirLinksAreFound() {
    LinkedMessages links =
        new LinkedMessages(
            GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry),
            Duration.ofSeconds(5),
            KEY);
    REQUESTS.clear();

    links.sentTo(
        PHONE,
        SINCE,
        List.of(
            SentMessage.unclicked("shop/spring", "A", "m1"),
            SentMessage.unclicked("shop/autumn", "", "m3")));

    assertThat(REQUESTS).hasSize(1);
    assertThat(REQUESTS.get(0).getMessagesList())
        .extracting(MessageRef::getCampaignId, MessageRef::getMessageId)
        .containsExactly(tuple("shop/spring", "m1"), tuple("shop/autumn", "m3"));
  }
}
