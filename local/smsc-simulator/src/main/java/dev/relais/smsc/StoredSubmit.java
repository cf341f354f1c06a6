package dev.relais.smsc;

import dev.relais.smsc.text.ConcatPart;
import dev.relais.smsc.text.ShortMessageText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;

/**
 * One accepted submit_sm, packed into one byte array plus a few scalars so that hundreds of
 * thousands fit in a test JVM; text is decoded only when a test asks for it.
 */
final class StoredSubmit {

  private static final int NO_SAR = -1;

  /** 0-based acceptance order; the message id number is the simulator's first id plus this. */
  final long sequence;

  final String systemId;
  final long receivedAtMicros;
  final byte dataCoding;
  final byte esmClass;
  final byte registeredDelivery;

  /** [srcTon][srcNpi][srcLen][src..][dstTon][dstNpi][dstLen][dst..][payload..] */
  private final byte[] packed;

  private final int sarReference;
  private final byte sarPart;
  private final byte sarTotal;

  private StoredSubmit(
      long sequence,
      String systemId,
      long receivedAtMicros,
      SubmitSm submit,
      byte[] packed,
      int sarReference,
      byte sarPart,
      byte sarTotal) {
    this.sequence = sequence;
    this.systemId = systemId;
    this.receivedAtMicros = receivedAtMicros;
    this.dataCoding = submit.getDataCoding();
    this.esmClass = submit.getEsmClass();
    this.registeredDelivery = submit.getRegisteredDelivery();
    this.packed = packed;
    this.sarReference = sarReference;
    this.sarPart = sarPart;
    this.sarTotal = sarTotal;
  }

  /** Packs a submit_sm; the PDU object itself is not retained. */
  static StoredSubmit of(long sequence, String systemId, Instant receivedAt, SubmitSm submit) {
    byte[] source = addressBytes(submit.getSourceAddr());
    byte[] destination = addressBytes(submit.getDestAddress());
    byte[] payload = payloadOf(submit);
    byte[] packed = new byte[6 + source.length + destination.length + payload.length];
    int i = 0;
    packed[i++] = submit.getSourceAddrTon();
    packed[i++] = submit.getSourceAddrNpi();
    packed[i++] = (byte) source.length;
    System.arraycopy(source, 0, packed, i, source.length);
    i += source.length;
    packed[i++] = submit.getDestAddrTon();
    packed[i++] = submit.getDestAddrNpi();
    packed[i++] = (byte) destination.length;
    System.arraycopy(destination, 0, packed, i, destination.length);
    i += destination.length;
    System.arraycopy(payload, 0, packed, i, payload.length);

    int reference = NO_SAR;
    byte part = 0;
    byte total = 0;
    if (submit.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM)
            instanceof OptionalParameter.Short ref
        && submit.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM)
            instanceof OptionalParameter.Byte seq
        && submit.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS)
            instanceof OptionalParameter.Byte tot) {
      reference = ref.getValue() & 0xFFFF;
      part = seq.getValue();
      total = tot.getValue();
    }
    long micros = receivedAt.getEpochSecond() * 1_000_000L + receivedAt.getNano() / 1_000;
    return new StoredSubmit(sequence, systemId, micros, submit, packed, reference, part, total);
  }

  byte sourceTon() {
    return packed[0];
  }

  byte sourceNpi() {
    return packed[1];
  }

  String sourceAddress() {
    return new String(packed, 3, packed[2] & 0xFF, StandardCharsets.ISO_8859_1);
  }

  private int destinationStart() {
    return 3 + (packed[2] & 0xFF);
  }

  byte destinationTon() {
    return packed[destinationStart()];
  }

  byte destinationNpi() {
    return packed[destinationStart() + 1];
  }

  String destinationAddress() {
    int start = destinationStart();
    return new String(packed, start + 3, packed[start + 2] & 0xFF, StandardCharsets.ISO_8859_1);
  }

  /** Compares without decoding, since {@code receivedFor} scans every record. */
  boolean hasDestination(String address) {
    int start = destinationStart();
    int length = packed[start + 2] & 0xFF;
    if (address.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if ((packed[start + 3 + i] & 0xFF) != address.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  Instant receivedAt() {
    return Instant.ofEpochSecond(
        Math.floorDiv(receivedAtMicros, 1_000_000L),
        Math.floorMod(receivedAtMicros, 1_000_000L) * 1_000L);
  }

  /** Decodes the payload per data_coding, skipping and reading the UDH if there is one. */
  ShortMessageText text() {
    int start = destinationStart();
    int payloadStart = start + 3 + (packed[start + 2] & 0xFF);
    Optional<ConcatPart> sar =
        sarReference == NO_SAR
            ? Optional.empty()
            : Optional.of(new ConcatPart(sarReference, sarPart & 0xFF, sarTotal & 0xFF));
    return ShortMessageText.decode(
        dataCoding, esmClass, packed, payloadStart, packed.length - payloadStart, sar);
  }

  /** The public view of this record. */
  SubmittedMessage toRecord(String messageId, DeliveryOutcome outcome) {
    ShortMessageText text = text();
    return new SubmittedMessage(
        messageId,
        systemId,
        sourceAddress(),
        destinationAddress(),
        text.text(),
        dataCoding & 0xFF,
        esmClass & 0xFF,
        registeredDelivery & 0xFF,
        receivedAt(),
        text.part(),
        outcome);
  }

  private static byte[] addressBytes(String address) {
    if (address == null) {
      return new byte[0];
    }
    byte[] bytes = address.getBytes(StandardCharsets.ISO_8859_1);
    // SMPP addresses are at most 65 octets; the cap only protects the one-octet length field.
    return bytes.length > 255 ? java.util.Arrays.copyOf(bytes, 255) : bytes;
  }

  private static byte[] payloadOf(SubmitSm submit) {
    byte[] shortMessage = submit.getShortMessage();
    if (shortMessage != null && shortMessage.length > 0) {
      return shortMessage;
    }
    if (submit.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD)
        instanceof OptionalParameter.OctetString payload) {
      return payload.getValue();
    }
    return new byte[0];
  }
}
