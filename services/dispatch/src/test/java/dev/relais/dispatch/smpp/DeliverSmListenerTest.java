package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.inbound.InboundMessages;
import dev.relais.dispatch.inbound.RecentRecipients;
import dev.relais.dispatch.optout.OptOutRegistry;
import dev.relais.dispatch.receipt.CorrelationLookup;
import dev.relais.dispatch.receipt.ReceiptCorrelator;
import dev.relais.dispatch.receipt.SentMessage;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each kind of deliver_sm leads to, and that bad input never makes the listener throw. */
class DeliverSmListenerTest {

  private final DispatchStats stats = new DispatchStats(Clock.systemUTC());
  private final List<MessageEvent> published = new CopyOnWriteArrayList<>();
  private final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final EventPublisher publisher =
      new EventPublisher(
          batch -> {
            published.addAll(batch.getEventsList());
            return CompletableFuture.completedFuture(null);
          },
          100,
          Duration.ofMillis(5),
          2,
          1000,
          Backoff.of(Duration.ofMillis(10), Duration.ofMillis(20)),
          e -> {});
  private final UUID sent = UUID.randomUUID();
  private final MessageEvents events = new MessageEvents("r", Clock.systemUTC());
  private volatile boolean contactsDown;

  private final DeliverSmListener listener =
      new DeliverSmListener(
          new ReceiptCorrelator(
              keys ->
                  CompletableFuture.completedFuture(
                      keys.contains("4d2")
                          ? Optional.of(
                              new CorrelationLookup.Match(
                                  new SentMessage(sent, "ns/c", "", 1, 1), true))
                          : Optional.empty()),
              publisher,
              events,
              scheduler,
              List.of(),
              10,
              stats),
          new InboundMessages(
              message -> {
                if (contactsDown) {
                  throw new IllegalStateException("contacts unavailable");
                }
                inbound.add(message);
                return InboundResult.newBuilder()
                    .setAction(InboundAction.INBOUND_ACTION_NONE)
                    .build();
              },
              new RecentRecipients(10),
              publisher,
              events,
              "r",
              Clock.systemUTC(),
              stats,
              new OptOutRegistry(10)),
          stats);

  @AfterEach
  void stop() {
    publisher.close();
    scheduler.shutdownNow();
  }

  private static DeliverSm deliverSm(int esmClass, byte dataCoding, byte[] shortMessage) {
    DeliverSm pdu = new DeliverSm();
    pdu.setEsmClass((byte) esmClass);
    pdu.setDataCoding(dataCoding);
    pdu.setShortMessage(shortMessage);
    pdu.setSourceAddr("33612345678");
    pdu.setSourceAddrTon(TypeOfNumber.INTERNATIONAL.value());
    pdu.setDestAddress("36180");
    pdu.setDestAddrTon(TypeOfNumber.UNKNOWN.value());
    return pdu;
  }

  @Test
  void aReceiptBecomesAnOutcomeEvent() throws Exception {
    // 1234 decimal is 4d2 in hex: the receipt quotes the id in the other base.
    byte[] text = "id:1234 sub:001 dlvrd:001 stat:DELIVRD err:000 text:x".getBytes();
    listener.onAcceptDeliverSm(deliverSm(0x04, (byte) 0, text));
    assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(published)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo(EventType.EVENT_TYPE_DELIVERED);
          assertThat(e.getMessageId()).isEqualTo(sent.toString());
        });
  }

  @Test
  void theReceiptedMessageIdTlvMarksAReceiptEvenWithoutTheEsmClassBit() throws Exception {
    DeliverSm pdu = deliverSm(0, (byte) 0, "stat:UNDELIV err:001".getBytes());
    pdu.setOptionalParameters(new OptionalParameter.Receipted_message_id("04D2"));
    listener.onAcceptDeliverSm(pdu);
    assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(published)
        .extracting(MessageEvent::getType)
        .containsExactly(EventType.EVENT_TYPE_UNDELIVERED);
    assertThat(inbound).isEmpty();
  }

  @Test
  void anUnparsableReceiptIsCountedNotThrown() {
    assertThatCode(() -> listener.onAcceptDeliverSm(deliverSm(0x04, (byte) 0, new byte[] {1, 2})))
        .doesNotThrowAnyException();
    assertThatCode(() -> listener.onAcceptDeliverSm(deliverSm(0x04, (byte) 0, null)))
        .doesNotThrowAnyException();
    assertThat(stats.snapshot().malformedPdus()).isEqualTo(2);
  }

  @Test
  void anInboundMessageReachesContactsAsE164AndText() throws Exception {
    listener.onAcceptDeliverSm(deliverSm(0, (byte) 8, "ARRÊT".getBytes(StandardCharsets.UTF_16BE)));
    assertThat(inbound)
        .singleElement()
        .satisfies(m -> {
          assertThat(m.getFrom()).isEqualTo("+33612345678");
          assertThat(m.getTo()).isEqualTo("36180");
          assertThat(m.getText()).isEqualTo("ARRÊT");
          assertThat(m.getRoute()).isEqualTo("r");
        });
  }

  @Test
  void anInboundMessageContactsCannotTakeIsRefusedTemporarilySoTheSmscRetries() {
    contactsDown = true;
    assertThatThrownBy(() -> listener.onAcceptDeliverSm(deliverSm(0, (byte) 0, "STOP".getBytes())))
        .isInstanceOf(ProcessRequestException.class)
        .satisfies(e -> assertThat(((ProcessRequestException) e).getErrorCode()).isEqualTo(0x64));
  }

  @Test
  void gsm7AndUcs2AreDecoded() {
    assertThat(DeliverSmListener.decode((byte) 0, false, new byte[] {'S', 'T', 'O', 'P'}))
        .isEqualTo("STOP");
    assertThat(
            DeliverSmListener.decode((byte) 8, false, "ARRÊT".getBytes(StandardCharsets.UTF_16BE)))
        .isEqualTo("ARRÊT");
  }

  @Test
  void aUserDataHeaderIsSkipped() {
    byte[] octets = {0x05, 0x00, 0x03, 0x11, 0x02, 0x01, 'S', 'T', 'O', 'P'};
    assertThat(DeliverSmListener.decode((byte) 0, true, octets)).isEqualTo("STOP");
  }

  @Test
  void brokenInputDecodesToSomethingRatherThanFailing() {
    assertThat(DeliverSmListener.decode((byte) 0, true, new byte[] {(byte) 0xFF, 1})).isEmpty();
    assertThat(DeliverSmListener.decode((byte) 8, false, new byte[] {0x00, 0x41, 0x00}))
        .isEqualTo("A");
    assertThat(DeliverSmListener.decode((byte) 0, false, new byte[] {(byte) 0x9B})).isEqualTo("?");
    assertThat(DeliverSmListener.decode((byte) 4, false, new byte[] {'o', 'k'})).isEqualTo("ok");
  }
}
