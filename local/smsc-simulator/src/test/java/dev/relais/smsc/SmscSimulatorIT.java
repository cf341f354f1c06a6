package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.smsc.text.ConcatPart;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.junit.jupiter.api.Test;

/** The simulator against a real jsmpp client, as the dispatch service will use it. */
class SmscSimulatorIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SYSTEM_ID = "relais";
  private static final String PASSWORD = "s3cret";

  private static SmscSimulatorConfig.Builder config() {
    return SmscSimulatorConfig.builder()
        .account(SYSTEM_ID, PASSWORD)
        .dlrDelay(Duration.ofMillis(10), Duration.ofMillis(60))
        .outcomeMix(new OutcomeMix(0.5, 0.3, 0.2))
        .seed(2026);
  }

  @Test
  void submitsGetIdsAndReceiptsCarryThoseIdsAndTheRecordedOutcome() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids.add(esme.submit("3361234567" + i, "Offre " + i + " : -20% ce week-end"));
      }
      assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]+"));

      List<DeliverSm> receipts = esme.awaitReceipts(6, WAIT);
      Map<String, SubmittedMessage> byId =
          smsc.received().stream()
              .collect(Collectors.toMap(SubmittedMessage::messageId, Function.identity()));
      assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      for (DeliverSm receipt : receipts) {
        DeliveryReceipt parsed = receipt.getShortMessageAsDeliveryReceipt();
        SubmittedMessage original = byId.get(parsed.getId());
        assertThat(original).as("receipt id %s was issued", parsed.getId()).isNotNull();
        assertThat(tlvString(receipt, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID))
            .isEqualTo(original.messageId());
        assertThat(parsed.getFinalStatus().name()).isEqualTo(original.outcome().stat());
        assertThat(tlvByte(receipt, OptionalParameter.Tag.MESSAGE_STATE))
            .isEqualTo(original.outcome().messageState());
        assertThat(parsed.getDelivered()).isEqualTo(original.outcome().isDelivered() ? 1 : 0);
        assertThat(parsed.getText()).isEqualTo(original.text().substring(0, 20));
        // The receipt travels back: from the handset to the sender.
        assertThat(receipt.getSourceAddr()).isEqualTo(original.destinationAddress());
        assertThat(receipt.getDestAddress()).isEqualTo(TestEsme.SENDER);
      }
      assertThat(byId.values())
          .extracting(SubmittedMessage::outcome)
          .as("the seeded mix gives several outcomes")
          .hasSizeGreaterThan(1);

      SubmittedMessage first = smsc.receivedFor("33612345670").get(0);
      assertThat(first.text()).isEqualTo("Offre 0 : -20% ce week-end");
      assertThat(first.systemId()).isEqualTo(SYSTEM_ID);
      assertThat(first.sourceAddress()).isEqualTo(TestEsme.SENDER);
      assertThat(first.registeredDelivery()).isEqualTo(1);
      assertThat(first.isPart()).isFalse();

      awaitStats(smsc, stats -> stats.dlrsAcknowledged() == 6);
      SimulatorStats stats = smsc.stats();
      assertThat(stats.binds()).isEqualTo(1);
      assertThat(stats.submitsAccepted()).isEqualTo(6);
      assertThat(stats.dlrsSent()).isEqualTo(6);
      assertThat(smsc.receivedCount()).isEqualTo(6);
    }
  }

  @Test
  void concatenatedAndUcs2MessagesAreRecordedAsPartsAndReassemble() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      String whole = "Bonjour Camille ! ".repeat(11) + "Réponse STOP au 36111";
      assertThat(whole.length()).isGreaterThan(160);
      String[] parts = {whole.substring(0, 153), whole.substring(153)};
      ESMClass udhi = new ESMClass(0x40);
      for (int i = 0; i < parts.length; i++) {
        byte[] udh = {0x05, 0x00, 0x03, 0x5A, 0x02, (byte) (i + 1)};
        esme.submit("33700000001", udhi, DataCodings.ZERO, join(udh, TestEsme.gsm(parts[i])), 1);
      }
      esme.submit(
          "33700000001",
          new ESMClass(),
          DataCodings.newInstance((byte) 0x08),
          TestEsme.ucs2("Привет, ça va ? 🎉"),
          1);

      List<SubmittedMessage> received = smsc.receivedFor("33700000001");
      assertThat(received).hasSize(3);
      assertThat(received.get(0).part()).contains(new ConcatPart(0x5A, 1, 2));
      assertThat(received.get(1).part()).contains(new ConcatPart(0x5A, 2, 2));
      assertThat(received.get(0).text()).isEqualTo(parts[0]);
      assertThat(received.get(2).dataCoding()).isEqualTo(8);
      assertThat(received.get(2).text()).isEqualTo("Привет, ça va ? 🎉");
      assertThat(smsc.reassembledTextsFor("33700000001"))
          .containsExactly(whole, "Привет, ça va ? 🎉");
      // Every part is a message of its own for the SMSC: one receipt each.
      assertThat(esme.awaitReceipts(3, WAIT)).hasSize(3);
    }
  }

  @Test
  void aGarbledReceiptIsFlaggedAsReceiptButCarriesNoReceipt() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      smsc.injectGarbledReceipt(SYSTEM_ID);

      DeliverSm garbled = TestEsme.await(esme.receipts, 1, WAIT).get(0);
      assertThat(isReceipt(garbled)).isTrue();
      assertThat(new String(garbled.getShortMessage(), StandardCharsets.ISO_8859_1))
          .doesNotContain("id:");
      assertThat(garbled.getOptionalParameters()).isNullOrEmpty();
    }
  }

  @Test
  void anUnknownCommandIdIsWrittenOnTheSessionAndTheEsmesGenericNackIsRecorded() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      int sequence = smsc.injectMalformedPdu(SYSTEM_ID, MalformedPdu.UNKNOWN_COMMAND_ID);

      awaitStats(smsc, stats -> !smsc.genericNacksReceived().isEmpty());
      // jsmpp's ESME answers ESME_RINVCMDID with the fault's sequence number and stays bound.
      assertThat(smsc.genericNacksReceived()).containsExactly(new GenericNack(0x03, sequence));
      assertThat(smsc.stats().malformedPdusSent()).isEqualTo(1);
      esme.submit("33700000009", "after");
      assertThat(esme.awaitReceipts(1, WAIT)).hasSize(1);
    }
  }

  @Test
  void injectedMoReachesTheBoundTransceiver() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      smsc.injectMo("+33612345678", "36111", "STOP");
      smsc.injectMo(SYSTEM_ID, "+33612345679", "36111", "Arrêt €");

      List<DeliverSm> mos = TestEsme.await(esme.mos, 2, WAIT);
      DeliverSm stop = mos.get(0);
      assertThat(isReceipt(stop)).isFalse();
      assertThat(stop.getSourceAddr()).isEqualTo("33612345678");
      assertThat(stop.getSourceAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
      assertThat(stop.getDestAddress()).isEqualTo("36111");
      assertThat(stop.getDataCoding()).isZero();
      assertThat(new String(stop.getShortMessage(), StandardCharsets.US_ASCII)).isEqualTo("STOP");
      // "ê" has no GSM-7 code, so that MO comes as UCS-2.
      assertThat(mos.get(1).getDataCoding()).isEqualTo((byte) 0x08);
      assertThat(new String(mos.get(1).getShortMessage(), StandardCharsets.UTF_16BE))
          .isEqualTo("Arrêt €");
      assertThat(smsc.stats().mosSent()).isEqualTo(2);
    }
  }

  @Test
  void wrongCredentialsAreRefused() {
    try (SmscSimulator smsc = SmscSimulator.start(config().build())) {
      assertThatThrownBy(() -> TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, "wrong"))
          .rootCause()
          .isInstanceOfSatisfying(
              NegativeResponseException.class,
              e -> assertThat(e.getCommandStatus()).isEqualTo(0x0E));
      assertThatThrownBy(() -> TestEsme.bind(smsc, BindType.BIND_TRX, "intruder", PASSWORD))
          .rootCause()
          .isInstanceOfSatisfying(
              NegativeResponseException.class,
              e -> assertThat(e.getCommandStatus()).isEqualTo(0x0D));
      assertThat(smsc.stats().bindsRejected()).isEqualTo(2);
      assertThat(smsc.stats().binds()).isZero();
    }
  }

  @Test
  void injectedBindRefusalsAnswerTheChosenStatusThenBindsSucceedAgain() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().build())) {
      smsc.refuseBinds(2, 0x05); // ESME_RALYBND
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD))
            .rootCause()
            .isInstanceOfSatisfying(
                NegativeResponseException.class,
                e -> assertThat(e.getCommandStatus()).isEqualTo(0x05));
      }
      try (TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
        assertThat(smsc.stats().bindsRejected()).isEqualTo(2);
        assertThat(smsc.stats().binds()).isEqualTo(1);
      }
    }
  }

  @Test
  void bindsBeyondTheSessionQuotaAreRefused() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().maxSessionsPerSystemId(2).build());
        TestEsme one = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD);
        TestEsme two = TestEsme.bind(smsc, BindType.BIND_TX, SYSTEM_ID, PASSWORD)) {
      assertThatThrownBy(() -> TestEsme.bind(smsc, BindType.BIND_RX, SYSTEM_ID, PASSWORD))
          .rootCause()
          .isInstanceOfSatisfying(
              NegativeResponseException.class,
              e -> assertThat(e.getCommandStatus()).isEqualTo(0x0D));
      assertThat(smsc.stats().boundSessions()).isEqualTo(2);
      two.close();
      awaitStats(smsc, stats -> stats.boundSessions() == 1);
      try (TestEsme three = TestEsme.bind(smsc, BindType.BIND_RX, SYSTEM_ID, PASSWORD)) {
        assertThat(smsc.stats().peakBoundSessions()).isEqualTo(2);
      }
    }
  }

  @Test
  void receiptsWaitForAReceiverToBind() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().dlrDelay(Duration.ZERO).build())) {
      String id;
      try (TestEsme transmitter = TestEsme.bind(smsc, BindType.BIND_TX, SYSTEM_ID, PASSWORD)) {
        id = transmitter.submit("33612000000", "stored and forwarded");
      }
      awaitStats(smsc, stats -> stats.dlrsScheduled() == 1);
      try (TestEsme receiver = TestEsme.bind(smsc, BindType.BIND_RX, SYSTEM_ID, PASSWORD)) {
        DeliverSm receipt = receiver.awaitReceipts(1, WAIT).get(0);
        assertThat(receipt.getShortMessageAsDeliveryReceipt().getId()).isEqualTo(id);
      }
    }
  }

  @Test
  void registeredDeliveryZeroGetsNoReceiptUnlessForced() throws Exception {
    try (SmscSimulator smsc = SmscSimulator.start(config().dlrDelay(Duration.ZERO).build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      esme.submit("33612000001", new ESMClass(), DataCodings.ZERO, TestEsme.gsm("no dlr"), 0);
      esme.submit("33612000002", "with dlr");
      esme.awaitReceipts(1, WAIT);
      Thread.sleep(200);
      assertThat(esme.receipts).isEmpty();
      assertThat(smsc.stats().dlrsScheduled()).isEqualTo(1);
    }
    try (SmscSimulator smsc =
            SmscSimulator.start(
                config().dlrDelay(Duration.ZERO).honourRegisteredDelivery(false).build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      esme.submit("33612000001", new ESMClass(), DataCodings.ZERO, TestEsme.gsm("forced"), 0);
      assertThat(esme.awaitReceipts(1, WAIT)).hasSize(1);
    }
  }

  @Test
  void receiptTextCanUseAnotherIdFormatThanTheResponse() throws Exception {
    SmscSimulatorConfig formats =
        config()
            .messageIdFormat(MessageIdFormat.HEX)
            .receiptIdFormat(MessageIdFormat.DECIMAL)
            .build();
    try (SmscSimulator smsc = SmscSimulator.start(formats);
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      String id = esme.submit("33612000003", "formats");
      DeliverSm receipt = esme.awaitReceipts(1, WAIT).get(0);
      assertThat(receipt.getShortMessageAsDeliveryReceipt().getId())
          .isEqualTo(Long.toString(Long.parseLong(id, 16)));
      assertThat(tlvString(receipt, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID)).isEqualTo(id);
    }
  }

  @Test
  void submitPolicyCanThrottleAndLoseResponses() throws Exception {
    SubmitPolicy faults =
        submit ->
            switch (submit.destinationAddress()) {
              case "33600000058" -> SubmitDecision.throttle();
              case "33600000000" -> SubmitDecision.dropResponse();
              default -> SubmitDecision.accept();
            };
    try (SmscSimulator smsc = SmscSimulator.start(config().submitPolicy(faults).build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      assertThatThrownBy(() -> esme.submit("33600000058", "throttled"))
          .isInstanceOfSatisfying(
              NegativeResponseException.class,
              e -> assertThat(e.getCommandStatus()).isEqualTo(0x58));
      assertThatThrownBy(() -> esme.submit("33600000000", "in doubt"))
          .isInstanceOf(ResponseTimeoutException.class);
      // The SMSC did take the in-doubt message: its receipt comes with an id the ESME never saw.
      String unseenId = smsc.receivedFor("33600000000").get(0).messageId();
      DeliverSm receipt = esme.awaitReceipts(1, WAIT).get(0);
      assertThat(receipt.getShortMessageAsDeliveryReceipt().getId()).isEqualTo(unseenId);
      assertThat(smsc.receivedFor("33600000058")).isEmpty();
      assertThat(smsc.stats().submitsRejected()).isEqualTo(1);
      // The session survives both faults.
      assertThat(esme.submit("33600000001", "still fine")).isNotBlank();
    }
  }

  @Test
  void submitPolicyCanDelayResponsesAndCutTheConnection() throws Exception {
    SubmitPolicy faults =
        submit ->
            switch (submit.destinationAddress()) {
              case "33600000300" -> SubmitDecision.delayResponse(Duration.ofMillis(300));
              case "33600000666" -> SubmitDecision.disconnect();
              default -> SubmitDecision.accept();
            };
    try (SmscSimulator smsc = SmscSimulator.start(config().submitPolicy(faults).build());
        TestEsme esme = TestEsme.bind(smsc, BindType.BIND_TRX, SYSTEM_ID, PASSWORD)) {
      long start = System.nanoTime();
      String delayedId = esme.submit("33600000300", "slow answer");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(smsc.receivedFor("33600000300").get(0).messageId()).isEqualTo(delayedId);

      assertThatThrownBy(() -> esme.submit("33600000666", "crash"))
          .isInstanceOfAny(ResponseTimeoutException.class, java.io.IOException.class);
      awaitStats(smsc, stats -> stats.boundSessions() == 0);
      assertThat(esme.session.getSessionState().isBound()).isFalse();
      assertThat(smsc.receivedFor("33600000666")).isEmpty();
    }
  }

  @Test
  void onceClosedThePortRefusesConnections() throws Exception {
    for (int round = 0; round < 20; round++) {
      SmscSimulator smsc = SmscSimulator.start(config().build());
      int port = smsc.port();
      smsc.close();
      try (java.net.Socket probe = new java.net.Socket()) {
        assertThatThrownBy(() -> probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000))
            .as("round %d: port %d after close", round, port)
            .isInstanceOf(java.net.ConnectException.class);
      }
    }
  }

  private static void awaitStats(SmscSimulator smsc, Predicate<SimulatorStats> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.test(smsc.stats())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached; stats: " + smsc.stats());
      }
      Thread.sleep(10);
    }
  }

  private static String tlvString(DeliverSm deliverSm, OptionalParameter.Tag tag) {
    return ((OptionalParameter.OctetString) deliverSm.getOptionalParameter(tag)).getValueAsString();
  }

  private static int tlvByte(DeliverSm deliverSm, OptionalParameter.Tag tag) {
    return ((OptionalParameter.Byte) deliverSm.getOptionalParameter(tag)).getValue();
  }

  private static byte[] join(byte[] a, byte[] b) {
    byte[] joined = new byte[a.length + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static boolean isReceipt(DeliverSm deliverSm) {
    return MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass());
  }
}
