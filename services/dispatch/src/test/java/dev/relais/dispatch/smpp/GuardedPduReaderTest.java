package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.util.DefaultDecomposer;
import org.junit.jupiter.api.Test;

/** What the dispatcher does with each kind of malformed PDU an SMSC may send. */
class GuardedPduReaderTest {

  private final ByteArrayOutputStream answers = new ByteArrayOutputStream();
  private final List<String> faults = new ArrayList<>();
  private final GuardedPduReader reader = new GuardedPduReader(70_000, faults::add);

  GuardedPduReaderTest() {
    reader.answerOn(answers);
  }

  @Test
  void aWellFormedDeliverSmPassesThroughUnchangedAndDecodes() throws Exception {
    byte[] pdu = deliverSm(7, "hello");
    DataInputStream in = stream(pdu);
    Command header = reader.readPDUHeader(in);
    byte[] read = reader.readPDU(in, header);
    assertThat(read).isEqualTo(pdu);
    assertThat(header.getSequenceNumber()).isEqualTo(7);
    DeliverSm decoded = new DefaultDecomposer().deliverSm(read);
    assertThat(new String(decoded.getShortMessage(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(answers.size()).isZero();
    assertThat(faults).isEmpty();
  }

  @Test
  void aCommandLengthBelowTheHeaderIsNackedAndEndsTheConnection() {
    DataInputStream in = stream(ByteBuffer.allocate(8).putInt(8).putInt(0x05).array());
    assertThatThrownBy(() -> reader.readPDUHeader(in))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("command_length 8");
    assertThat(answers.toByteArray()).isEqualTo(nack(0));
    assertThat(faults).singleElement().asString().contains("reconnecting");
  }

  @Test
  void anAbsurdCommandLengthIsNackedWithItsSequenceWithoutAllocatingIt() {
    byte[] header =
        ByteBuffer.allocate(16).putInt(0x7FFF_FFF0).putInt(0x05).putInt(0).putInt(42).array();
    assertThatThrownBy(() -> reader.readPDUHeader(stream(header)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("command_length " + 0x7FFF_FFF0);
    assertThat(answers.toByteArray()).isEqualTo(nack(42));
  }

  @Test
  void aTruncatedDeliverSmIsNackedAndTheNextPduIsReadOnTheSameStream() throws Exception {
    byte[] truncated =
        ByteBuffer.allocate(26)
            .putInt(26)
            .putInt(0x05)
            .putInt(0)
            .putInt(9)
            .put((byte) 0)
            .put((byte) 1)
            .put((byte) 1)
            .put("3361234".getBytes(StandardCharsets.US_ASCII))
            .array();
    byte[] next = deliverSm(10, "next");
    DataInputStream in = stream(truncated, next);
    Command header = reader.readPDUHeader(in);
    assertThat(header.getSequenceNumber()).isEqualTo(10);
    assertThat(reader.readPDU(in, header)).isEqualTo(next);
    assertThat(answers.toByteArray()).isEqualTo(nack(9));
    assertThat(faults).singleElement().asString().contains("deliver_sm truncated");
  }

  @Test
  void anSmscFallingSilentInsideAPduEndsTheConnectionInsteadOfReadingOnOutOfStep() {
    byte[] pdu = deliverSm(11, "hello");
    DataInputStream in = silentAfter(Arrays.copyOf(pdu, 20));
    assertThatThrownBy(() -> reader.readPDUHeader(in))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("middle of a PDU");
    assertThat(faults).singleElement().asString().contains("reconnecting");
  }

  @Test
  void aHugeCommandLengthWithoutTheRestOfItsHeaderIsStillAnswered() {
    DataInputStream in = silentAfter(ByteBuffer.allocate(4).putInt(0x10_0000).array());
    assertThatThrownBy(() -> reader.readPDUHeader(in)).isInstanceOf(IOException.class);
    assertThat(answers.toByteArray()).isEqualTo(nack(0));
  }

  /** A stream that times out, as a socket with SO_TIMEOUT does, once {@code octets} are read. */
  private static DataInputStream silentAfter(byte[] octets) {
    return new DataInputStream(
        new SequenceInputStream(
            new ByteArrayInputStream(octets),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new SocketTimeoutException("Read timed out");
              }
            }));
  }

  @Test
  void aTruncatedResponseIsDroppedWithoutAnAnswer() throws Exception {
    byte[] resp =
        ByteBuffer.allocate(20)
            .putInt(20)
            .putInt(0x80000004)
            .putInt(0)
            .putInt(3)
            .put("abcd".getBytes(StandardCharsets.US_ASCII))
            .array();
    byte[] next = deliverSm(4, "x");
    DataInputStream in = stream(resp, next);
    assertThat(reader.readPDUHeader(in).getSequenceNumber()).isEqualTo(4);
    assertThat(answers.size()).isZero();
    assertThat(faults).singleElement().asString().contains("ignored");
  }

  @Test
  void anUnknownCommandIdIsLeftToJsmppWhichAnswersRinvcmdid() throws Exception {
    byte[] unknown = ByteBuffer.allocate(16).putInt(16).putInt(0x0777).putInt(0).putInt(5).array();
    DataInputStream in = stream(unknown);
    Command header = reader.readPDUHeader(in);
    assertThat(header.getCommandId()).isEqualTo(0x0777);
    assertThat(reader.readPDU(in, header)).isEqualTo(unknown);
    assertThat(faults).isEmpty();
  }

  @Test
  void structureChecksCoverOptionalParametersAndErrorResponses() {
    byte[] withTlv = withTlv(deliverSm(1, "x"), 0x001E, 4, 4);
    assertThat(PduStructure.problem(0x05, 0, withTlv)).isNull();
    byte[] cutTlv = withTlv(deliverSm(1, "x"), 0x001E, 10, 4);
    assertThat(PduStructure.problem(0x05, 0, cutTlv)).contains("optional parameter");
    byte[] errorResp = ByteBuffer.allocate(16).putInt(16).putInt(0x80000004).putInt(0x58).array();
    assertThat(PduStructure.problem(0x80000004, 0x58, errorResp)).isNull();
  }

  private static byte[] withTlv(byte[] pdu, int tag, int declared, int present) {
    ByteBuffer b = ByteBuffer.allocate(pdu.length + 4 + present);
    b.put(pdu).putShort((short) tag).putShort((short) declared).put(new byte[present]);
    byte[] out = b.array();
    ByteBuffer.wrap(out).putInt(out.length);
    return out;
  }

  static byte[] deliverSm(int sequence, String text) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0, 1, 1});
    body.writeBytes("33612345678\0".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(new byte[] {1, 1});
    body.writeBytes("36111\0".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0});
    byte[] sm = text.getBytes(StandardCharsets.US_ASCII);
    body.write(sm.length);
    body.writeBytes(sm);
    byte[] b = body.toByteArray();
    return ByteBuffer.allocate(16 + b.length)
        .putInt(16 + b.length)
        .putInt(0x05)
        .putInt(0)
        .putInt(sequence)
        .put(b)
        .array();
  }

  private static byte[] nack(int sequence) {
    return ByteBuffer.allocate(16).putInt(16).putInt(0x80000000).putInt(2).putInt(sequence).array();
  }

  private static DataInputStream stream(byte[]... pdus) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] pdu : pdus) {
      all.writeBytes(pdu);
    }
    return new DataInputStream(new ByteArrayInputStream(all.toByteArray()));
  }
}
