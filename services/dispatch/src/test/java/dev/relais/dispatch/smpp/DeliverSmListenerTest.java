package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Decoding inbound texts whatever their coding, without ever throwing. */
class DeliverSmListenerTest {

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
