package dev.relais.smsc;

import dev.relais.sms.address.AddressForm;
import dev.relais.sms.text.SmsEncoding;
import dev.relais.smsc.text.DeliveryReceiptText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPServerSession;

/**
 * Builds and sends the two kinds of deliver_sm the simulator emits: delivery receipts and
 * mobile-originated messages. Each call blocks until the ESME's deliver_sm_resp arrives.
 */
final class DeliverSmPdus {

  /** short_message holds at most 254 octets; longer MO text goes into message_payload. */
  private static final int SHORT_MESSAGE_MAX = 254;

  private static final ESMClass RECEIPT_ESM_CLASS =
      new ESMClass(MessageType.SMSC_DEL_RECEIPT.value());
  private static final ESMClass MO_ESM_CLASS = new ESMClass();

  private DeliverSmPdus() {}

  /**
   * Sends the receipt of {@code submit}: addresses swapped, the standard receipt text, and the
   * receipted_message_id and message_state TLVs (plus network_error_code when not delivered).
   *
   * @param responseId the id as sent in submit_sm_resp, which the TLV repeats per SMPP 3.4
   * @param receiptId the id as the receipt text shows it
   */
  static void sendReceipt(
      SMPPServerSession session,
      StoredSubmit submit,
      String responseId,
      String receiptId,
      DeliveryOutcome outcome,
      Instant doneAt)
      throws PDUException,
          ResponseTimeoutException,
          InvalidResponseException,
          NegativeResponseException,
          IOException {
    String text =
        DeliveryReceiptText.format(
            receiptId,
            1,
            outcome.isDelivered() ? 1 : 0,
            submit.receivedAt(),
            doneAt,
            outcome.stat(),
            outcome.errorCode(),
            submit.text().text());
    OptionalParameter[] tlvs =
        outcome.isDelivered()
            ? new OptionalParameter[] {
              new OptionalParameter.Receipted_message_id(responseId),
              new OptionalParameter.Message_state((byte) outcome.messageState())
            }
            : new OptionalParameter[] {
              new OptionalParameter.Receipted_message_id(responseId),
              new OptionalParameter.Message_state((byte) outcome.messageState()),
              new OptionalParameter.Network_error_code(
                  OptionalParameter.Network_error_code.Network_error_code_type.GSM,
                  (short) outcome.errorCode())
            };
    session.deliverShortMessage(
        "",
        ton(submit.destinationTon()),
        npi(submit.destinationNpi()),
        submit.destinationAddress(),
        ton(submit.sourceTon()),
        npi(submit.sourceNpi()),
        submit.sourceAddress(),
        RECEIPT_ESM_CLASS,
        (byte) 0,
        (byte) 0,
        new RegisteredDelivery(0),
        DataCodings.ZERO,
        text.getBytes(StandardCharsets.US_ASCII),
        tlvs);
  }

  /**
   * Sends a well-formed DELIVRD receipt for {@code messageId}, which the simulator need never have
   * issued: the receipt of a message an ESME does not know, as an SMSC sends after a failover or a
   * restart on either side.
   */
  static void sendReceiptFor(SMPPServerSession session, String messageId, Instant at)
      throws PDUException,
          ResponseTimeoutException,
          InvalidResponseException,
          NegativeResponseException,
          IOException {
    DeliveryOutcome outcome = DeliveryOutcome.DELIVERED;
    String text = DeliveryReceiptText.format(messageId, 1, 1, at, at, outcome.stat(), 0, "");
    session.deliverShortMessage(
        "",
        TypeOfNumber.INTERNATIONAL,
        NumberingPlanIndicator.ISDN,
        "33600000000",
        TypeOfNumber.ALPHANUMERIC,
        NumberingPlanIndicator.UNKNOWN,
        "RELAIS",
        RECEIPT_ESM_CLASS,
        (byte) 0,
        (byte) 0,
        new RegisteredDelivery(0),
        DataCodings.ZERO,
        text.getBytes(StandardCharsets.US_ASCII),
        new OptionalParameter.Receipted_message_id(messageId),
        new OptionalParameter.Message_state((byte) outcome.messageState()));
  }

  /**
   * Sends a mobile-originated message. Text is GSM-7 (data_coding 0, one septet per octet) when
   * every character allows it, UCS-2 (data_coding 8) otherwise. A leading '+' is stripped and the
   * number marked international, as SMSCs deliver MO numbers.
   */
  static void sendMo(SMPPServerSession session, String from, String to, String text)
      throws PDUException,
          ResponseTimeoutException,
          InvalidResponseException,
          NegativeResponseException,
          IOException {
    SmsEncoding encoding = SmsEncoding.of(text);
    byte[] payload = encoding.encode(text);
    byte[] shortMessage = payload.length <= SHORT_MESSAGE_MAX ? payload : new byte[0];
    OptionalParameter[] tlvs =
        payload.length <= SHORT_MESSAGE_MAX
            ? new OptionalParameter[0]
            : new OptionalParameter[] {new OptionalParameter.Message_payload(payload)};
    MoAddress source = MoAddress.of(from);
    MoAddress destination = MoAddress.of(to);
    session.deliverShortMessage(
        "",
        source.ton(),
        source.npi(),
        source.address(),
        destination.ton(),
        destination.npi(),
        destination.address(),
        MO_ESM_CLASS,
        (byte) 0,
        (byte) 0,
        new RegisteredDelivery(0),
        DataCodings.newInstance((byte) encoding.dataCoding()),
        shortMessage,
        tlvs);
  }

  /**
   * Sends a deliver_sm flagged as a delivery receipt whose text is not a receipt and which carries
   * no receipt TLVs: the garbled receipt some SMSCs emit, which an ESME must acknowledge, record as
   * malformed and survive.
   */
  static void sendGarbledReceipt(SMPPServerSession session)
      throws PDUException,
          ResponseTimeoutException,
          InvalidResponseException,
          NegativeResponseException,
          IOException {
    session.deliverShortMessage(
        "",
        TypeOfNumber.INTERNATIONAL,
        NumberingPlanIndicator.ISDN,
        "33600000000",
        TypeOfNumber.ALPHANUMERIC,
        NumberingPlanIndicator.UNKNOWN,
        "RELAIS",
        RECEIPT_ESM_CLASS,
        (byte) 0,
        (byte) 0,
        new RegisteredDelivery(0),
        DataCodings.ZERO,
        "stat:?? \u0000 not a receipt".getBytes(StandardCharsets.ISO_8859_1));
  }

  private static TypeOfNumber ton(byte value) {
    try {
      return TypeOfNumber.valueOf(value);
    } catch (IllegalArgumentException e) {
      return TypeOfNumber.UNKNOWN;
    }
  }

  private static NumberingPlanIndicator npi(byte value) {
    try {
      return NumberingPlanIndicator.valueOf(value);
    } catch (IllegalArgumentException e) {
      return NumberingPlanIndicator.UNKNOWN;
    }
  }

  /** An MO address with the TON/NPI an SMSC would give it. */
  record MoAddress(String address, TypeOfNumber ton, NumberingPlanIndicator npi) {

    /**
     * As Relais addresses its submits (sms-rules' {@link AddressForm}), except a number written in
     * national form ({@code 0690123456}), which an SMSC gives as type national, as it received it.
     */
    static MoAddress of(String raw) {
      if (raw.length() > 1
          && raw.charAt(0) == '0'
          && raw.charAt(1) != '0'
          && AddressForm.of(raw) == AddressForm.INTERNATIONAL) {
        return new MoAddress(raw, TypeOfNumber.NATIONAL, NumberingPlanIndicator.ISDN);
      }
      return switch (AddressForm.of(raw)) {
        case INTERNATIONAL ->
            new MoAddress(
                AddressForm.smppDigits(raw),
                TypeOfNumber.INTERNATIONAL,
                NumberingPlanIndicator.ISDN);
        case SHORT_NUMBER -> new MoAddress(raw, TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN);
        case ALPHANUMERIC, EMPTY ->
            new MoAddress(raw, TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN);
      };
    }
  }
}
