package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.analytics.conversion.Attribution.Kind;
import dev.relais.analytics.conversion.Attribution.Result;
import dev.relais.analytics.conversion.Attribution.Touch;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The touches of a contact from two sources of its messages, each message once. */
class ContactTouchesTest {

  private static final String PHONE = "+33612345678";
  private static final Instant ORDER = Instant.parse("2026-04-10T12:00:00Z");
  private static final Instant SINCE = ORDER.minus(Duration.ofDays(44));
  private static final AttributionWindows DEFAULTS =
      new AttributionWindows(AttributionWindows.DEFAULT_CLICK, AttributionWindows.DEFAULT_DELIVERY);

  /** Events by "campaign/message", and the messages whose events were read, in order. */
  private final Map<String, List<MessageEvent>> events = new HashMap<>();

  private final List<String> read = new ArrayList<>();

  private List<MessageEvent> history(String campaignId, String messageId) {
    read.add(campaignId + "/" + messageId);
    return events.getOrDefault(campaignId + "/" + messageId, List.of());
  }

  @Test
  void aSourceIsToldTheMessagesTheSourcesBeforeItFoundAndItsClickCounts() {
    ContactMessages contacts =
        (phone, since) -> List.of(SentMessage.unclicked("shop/spring", "B", "m1"));
    List<List<SentMessage>> told = new ArrayList<>();
    ContactMessages links =
        new ContactMessages() {
          @Override
          public List<SentMessage> sentTo(String phone, Instant since) {
            throw new AssertionError("asked without what contacts found");
          }

          @Override
          public List<SentMessage> sentTo(String phone, Instant since, List<SentMessage> known) {
            told.add(known);
            // The links of the marketing message, found by it, were clicked.
            return known.stream()
                .map(m ->
                    new SentMessage(
                        m.campaignId(),
                        m.variant(),
                        m.messageId(),
                        Optional.of(ORDER.minus(Duration.ofHours(1)))))
                .toList();
          }
        };

    ContactTouches.Touches touches =
        new ContactTouches(List.of(contacts, links), this::history).of(PHONE, SINCE);

    assertThat(told).containsExactly(List.of(SentMessage.unclicked("shop/spring", "B", "m1")));
    Result result = Attribution.attribute(ORDER, DEFAULTS, touches.clicks(), touches::deliveries);
    assertThat(result)
        .isEqualTo(
            new Result(
                Kind.CLICK,
                Optional.of(
                    new Touch("shop/spring", "B", "m1", ORDER.minus(Duration.ofHours(1))))));
  }

  @Test
  void aMessageWithoutALinkIsAttributedByItsDelivery() {
    ContactMessages links = (phone, since) -> List.of();
    ContactMessages contacts =
        (phone, since) -> List.of(SentMessage.unclicked("shop/spring", "B", "m1"));
    delivered("shop/spring", "m1", ORDER.minus(Duration.ofHours(2)));

    ContactTouches.Touches touches =
        new ContactTouches(List.of(links, contacts), this::history).of(PHONE, SINCE);

    assertThat(touches.clicks()).isEmpty();
    Result result = Attribution.attribute(ORDER, DEFAULTS, touches.clicks(), touches::deliveries);
    assertThat(result)
        .isEqualTo(
            new Result(
                Kind.DELIVERY,
                Optional.of(
                    new Touch("shop/spring", "B", "m1", ORDER.minus(Duration.ofHours(2))))));
  }

  @Test
  void aMessageBothSourcesKnowIsOneMessageWithItsClickAndOneReadOfItsEvents() {
    Instant click = ORDER.minus(Duration.ofDays(1));
    ContactMessages links =
        (phone, since) -> List.of(new SentMessage("shop/spring", "A", "m1", Optional.of(click)));
    ContactMessages contacts =
        (phone, since) ->
            List.of(
                SentMessage.unclicked("shop/summer", "", "m2"),
                SentMessage.unclicked("shop/spring", "A", "m1"));
    delivered("shop/spring", "m1", ORDER.minus(Duration.ofDays(2)));
    delivered("shop/summer", "m2", ORDER.minus(Duration.ofHours(3)));

    ContactTouches.Touches touches =
        new ContactTouches(List.of(links, contacts), this::history).of(PHONE, SINCE);

    assertThat(touches.clicks()).containsExactly(new Touch("shop/spring", "A", "m1", click));
    assertThat(touches.deliveries())
        .containsExactlyInAnyOrder(
            new Touch("shop/spring", "A", "m1", ORDER.minus(Duration.ofDays(2))),
            new Touch("shop/summer", "", "m2", ORDER.minus(Duration.ofHours(3))));
    assertThat(read).containsExactlyInAnyOrder("shop/spring/m1", "shop/summer/m2");
  }

  @Test
  void theSameMessageIdInAnotherCampaignIsAnotherMessage() {
    ContactMessages links =
        (phone, since) -> List.of(SentMessage.unclicked("shop/spring", "", "m1"));
    ContactMessages contacts =
        (phone, since) -> List.of(SentMessage.unclicked("shop/summer", "", "m1"));

    new ContactTouches(List.of(links, contacts), this::history).of(PHONE, SINCE).deliveries();

    assertThat(read).containsExactlyInAnyOrder("shop/spring/m1", "shop/summer/m1");
  }

  @Test
  void mergedMessagesKeepTheLaterClickAndTheVariantWhicheverSourceNamesIt() {
    Instant earlier = ORDER.minus(Duration.ofDays(2));
    Instant later = ORDER.minus(Duration.ofDays(1));

    assertThat(
            ContactTouches.merged(
                List.of(
                    List.of(new SentMessage("c", "", "m1", Optional.of(later))),
                    List.of(
                        new SentMessage("c", "B", "m1", Optional.of(earlier)),
                        SentMessage.unclicked("c", "A", "m2")),
                    List.of(new SentMessage("c", "A", "m2", Optional.of(earlier))))))
        .containsExactly(
            new SentMessage("c", "B", "m1", Optional.of(later)),
            new SentMessage("c", "A", "m2", Optional.of(earlier)));
  }

  @Test
  void everySourceIsAskedForTheNumberAndTheInstantAndNoEventIsReadUntilDeliveriesAreAsked() {
    List<String> asked = new ArrayList<>();
    ContactMessages links =
        (phone, since) -> {
          asked.add("links " + phone + " " + since);
          return List.of(new SentMessage("c", "", "m1", Optional.of(ORDER.minusSeconds(60))));
        };
    ContactMessages contacts =
        (phone, since) -> {
          asked.add("contacts " + phone + " " + since);
          return List.of(SentMessage.unclicked("c", "", "m2"));
        };

    ContactTouches.Touches touches =
        new ContactTouches(List.of(links, contacts), this::history).of(PHONE, SINCE);
    Result result = Attribution.attribute(ORDER, DEFAULTS, touches.clicks(), touches::deliveries);

    assertThat(asked)
        .containsExactly("links " + PHONE + " " + SINCE, "contacts " + PHONE + " " + SINCE);
    assertThat(result.kind()).isEqualTo(Kind.CLICK);
    assertThat(read).as("a click attributes the order: no message event is read").isEmpty();
  }

  @Test
  void aSourceThatDoesNotAnswerFailsTheTouchesWithItsStatus() {
    ContactMessages links = (phone, since) -> List.of(SentMessage.unclicked("c", "", "m1"));
    ContactMessages contacts =
        (phone, since) -> {
          throw Status.UNAVAILABLE.withDescription("contacts down").asRuntimeException();
        };

    assertThatThrownBy(
            () -> new ContactTouches(List.of(links, contacts), this::history).of(PHONE, SINCE))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).isEqualTo("contacts down");
            });
  }

  @Test
  void touchesNeedASource() {
    assertThatThrownBy(() -> new ContactTouches(List.of(), this::history))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void delivered(String campaignId, String messageId, Instant at) {
    events
        .computeIfAbsent(campaignId + "/" + messageId, k -> new ArrayList<>())
        .addAll(
            List.of(
                event(campaignId, messageId, EventType.EVENT_TYPE_SUBMITTED, at.minusSeconds(5)),
                event(campaignId, messageId, EventType.EVENT_TYPE_DELIVERED, at)));
  }

  private static MessageEvent event(
      String campaignId, String messageId, EventType type, Instant at) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaignId)
        .setMessageId(messageId)
        .setType(type)
        .setOccurredAt(ProtoTime.timestamp(at))
        .build();
  }
}
