package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.tls.TestPki;
import dev.relais.dispatch.smpp.SmppSessions;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmittedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Dispatch to an SMSC that speaks TLS only, with a certificate from a private CA made for the test:
 * trusted through the route's trust bundle everything goes through; not trusted, or issued for
 * another host, the bind fails with the reason in the last error and the logs, and the messages
 * wait in the queue.
 */
class DispatchTlsIT {

  private static final int MESSAGES = 60;

  @Test
  void everythingIsSentOverTlsToAnSmscSignedByTheTrustBundlesCa() throws Exception {
    TestPki carrierCa = TestPki.newCa("Carrier private CA");
    try (DispatchHarness harness =
        new DispatchHarness(tlsSmsc(carrierCa.serverContext("127.0.0.1", "localhost")), 2)) {
      List<OutgoingMessage> messages = messages(harness, "it/tls", 0);
      harness.enqueue(messages);
      try (DispatchServer dispatcher = harness.startDispatcher("tls-1", tls(carrierCa.caPem()))) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        await(Duration.ofSeconds(30), () -> dispatcher.bindsUp() == 2);
        await(
            Duration.ofSeconds(60),
            () -> harness.analytics.count(EventType.EVENT_TYPE_DELIVERED) >= MESSAGES);
        assertThat(
                harness.smsc.received().stream()
                    .map(SubmittedMessage::destinationAddress)
                    .collect(Collectors.toSet()))
            .hasSize(MESSAGES);
        assertThat(harness.analytics.events(EventType.EVENT_TYPE_SUBMITTED))
            .extracting(MessageEvent::getMessageId)
            .doesNotHaveDuplicates()
            .hasSize(MESSAGES);
        assertThat(dispatcher.stats().lastError()).isEmpty();
      }
    }
  }

  @Test
  void anSmscWhoseCaIsNotTrustedIsNeverBoundAndItsMessagesWaitInTheQueue() throws Exception {
    TestPki carrierCa = TestPki.newCa("Carrier private CA");
    TestPki otherCa = TestPki.newCa("Some other CA");
    try (DispatchHarness harness =
            new DispatchHarness(tlsSmsc(carrierCa.serverContext("127.0.0.1")), 2);
        LogCapture logs = LogCapture.of(SmppSessions.class)) {
      List<OutgoingMessage> messages = messages(harness, "it/tls-untrusted", 100);
      harness.enqueue(messages);
      try (DispatchServer dispatcher =
          harness.startDispatcher("tls-untrusted-1", tls(otherCa.caPem()))) {
        String error = awaitError(dispatcher, "TLS handshake");
        System.out.println("DispatchTlsIT: last error with an untrusted CA: " + error);
        assertThat(error)
            .contains("TLS handshake with 127.0.0.1:" + harness.smsc.port() + " failed")
            .contains("does not chain to a trusted CA");
        assertThat(logs.messages())
            .anyMatch(m -> m.contains("TLS handshake") && m.contains("failed"));
        // Several bind attempts later: still nothing bound, nothing sent, nothing taken off the
        // queue.
        Thread.sleep(2_000);
        assertThat(dispatcher.bindsUp()).isZero();
        assertThat(harness.smsc.stats().binds()).isZero();
        assertThat(harness.smsc.receivedCount()).isZero();
        assertThat(harness.analytics.total()).isZero();
        assertThat(harness.queue.depth(harness.route)).isEqualTo(MESSAGES);
      }
      // The route's trust bundle fixed: the same queue drains, each message exactly once.
      try (DispatchServer dispatcher =
          harness.startDispatcher("tls-untrusted-2", tls(carrierCa.caPem()))) {
        await(
            Duration.ofSeconds(60),
            () -> harness.analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= MESSAGES);
        assertThat(
                harness.smsc.received().stream()
                    .map(SubmittedMessage::destinationAddress)
                    .collect(Collectors.toSet()))
            .hasSize(MESSAGES);
        // On a loaded machine a response may come late: only such in-doubt submits may repeat.
        assertThat(harness.smsc.received().size() - MESSAGES)
            .isLessThanOrEqualTo((int) dispatcher.stats().inDoubt());
      }
    }
  }

  @Test
  void aCertificateOfATrustedCaForAnotherHostIsRefused() throws Exception {
    TestPki carrierCa = TestPki.newCa("Carrier private CA");
    try (DispatchHarness harness =
        new DispatchHarness(tlsSmsc(carrierCa.serverContext("smsc.other-carrier.example")), 1)) {
      try (DispatchServer dispatcher =
          harness.startDispatcher("tls-wrong-host-1", tls(carrierCa.caPem()))) {
        assertThat(awaitError(dispatcher, "TLS handshake"))
            .contains("No subject alternative names matching IP address 127.0.0.1");
        assertThat(dispatcher.bindsUp()).isZero();
        assertThat(harness.smsc.stats().binds()).isZero();
      }
    }
  }

  @Test
  void aPlainConnectionToATlsOnlySmscNeverBinds() throws Exception {
    TestPki carrierCa = TestPki.newCa("Carrier private CA");
    try (DispatchHarness harness =
        new DispatchHarness(tlsSmsc(carrierCa.serverContext("127.0.0.1")), 1)) {
      try (DispatchServer dispatcher =
          harness.startDispatcher(
              "plain-1", Map.of("smpp.bindtimeout", "PT2S", "smpp.reconnect", "PT0.2S"))) {
        awaitError(dispatcher, "SMPP bind");
        assertThat(dispatcher.bindsUp()).isZero();
        assertThat(harness.smsc.stats().binds()).isZero();
      }
    }
  }

  /** The last error once it mentions {@code fragment}; other errors may come and go meanwhile. */
  private static String awaitError(DispatchServer dispatcher, String fragment)
      throws InterruptedException {
    String[] seen = {""};
    await(
        Duration.ofSeconds(30),
        () -> {
          seen[0] = dispatcher.stats().lastError();
          return seen[0].contains(fragment);
        });
    return seen[0];
  }

  private static SmscSimulatorConfig.Builder tlsSmsc(SSLContext server) {
    return SmscSimulatorConfig.builder()
        .dlrDelay(Duration.ofMillis(5), Duration.ofMillis(30))
        .tls(server);
  }

  private static Map<String, String> tls(String trustPem) {
    return Map.of(
        "smpp.tls", "true",
        "smpp.tlstrust", trustPem,
        "smpp.reconnect", "PT0.2S",
        "smpp.reconnectmax", "PT1S");
  }

  private static List<OutgoingMessage> messages(
      DispatchHarness harness, String campaign, int first) {
    return harness.messagesDueNow(campaign, "+336", first, MESSAGES);
  }
}
