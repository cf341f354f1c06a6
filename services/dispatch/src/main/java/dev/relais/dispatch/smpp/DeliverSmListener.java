package dev.relais.dispatch.smpp;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.MessageTracing;
import dev.relais.dispatch.inbound.InboundMessages;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher;
import dev.relais.dispatch.receipt.ReceiptCorrelator;
import dev.relais.sms.text.GsmAlphabet;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;

/**
 * Receives every deliver_sm of the dispatcher's sessions: delivery receipts go to the {@link
 * ReceiptCorrelator}, other messages (MO) to {@link InboundMessages}.
 *
 * <p>jsmpp answers deliver_sm_resp OK when this listener returns normally, so bad input (an
 * unparsable receipt, a broken header) is counted and swallowed, never thrown. The one exception is
 * an MO that contacts could not take: it is answered with ESME_RX_T_APPN (temporary application
 * error) so that the SMSC delivers it again instead of losing a STOP.
 *
 * <p>A sampled MO is a {@code deliver_sm} span ({@link MessageTracing#deliverSm}), current while
 * contacts handles it, so that the call to contacts continues its trace. {@link #forSession} tells
 * the span which session the MO came on.
 */
public final class DeliverSmListener implements MessageReceiverListener {

  private static final Logger LOG = Logger.getLogger(DeliverSmListener.class.getName());

  /** esm_class message type bits of an SMSC delivery receipt / intermediate notification. */
  private static final int ESM_RECEIPT = 0x04;

  private static final int ESM_INTERMEDIATE = 0x20;
  private static final int ESM_UDHI = 0x40;
  private static final int ESME_RX_T_APPN = 0x64;
  private static final int ESME_RINVCMDID = 0x03;

  private final ReceiptCorrelator receipts;
  private final InboundMessages inbound;
  private final DispatchStats stats;
  private final MessageTracing tracing;

  /** A listener that traces no MO. */
  public DeliverSmListener(
      ReceiptCorrelator receipts, InboundMessages inbound, DispatchStats stats) {
    this(receipts, inbound, stats, MessageTracing.NONE);
  }

  public DeliverSmListener(
      ReceiptCorrelator receipts,
      InboundMessages inbound,
      DispatchStats stats,
      MessageTracing tracing) {
    this.receipts = receipts;
    this.inbound = inbound;
    this.stats = stats;
    this.tracing = tracing;
  }

  /** This listener for the session of index {@code session}, named in its MOs' spans. */
  public MessageReceiverListener forSession(int session) {
    return new MessageReceiverListener() {
      @Override
      public void onAcceptDeliverSm(DeliverSm pdu) throws ProcessRequestException {
        accept(pdu, session);
      }

      @Override
      public void onAcceptAlertNotification(AlertNotification alertNotification) {
        DeliverSmListener.this.onAcceptAlertNotification(alertNotification);
      }

      @Override
      public DataSmResult onAcceptDataSm(DataSm dataSm, Session source)
          throws ProcessRequestException {
        return DeliverSmListener.this.onAcceptDataSm(dataSm, source);
      }
    };
  }

  @Override
  public void onAcceptDeliverSm(DeliverSm pdu) throws ProcessRequestException {
    accept(pdu, 0);
  }

  private void accept(DeliverSm pdu, int session) throws ProcessRequestException {
    String from;
    String to;
    String text;
    try {
      int esm = pdu.getEsmClass() & 0xFF;
      OptionalParameter.OctetString receiptedId =
          (OptionalParameter.OctetString)
              pdu.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
      if ((esm & (ESM_RECEIPT | ESM_INTERMEDIATE)) != 0 || receiptedId != null) {
        onReceipt(pdu, receiptedId);
        return;
      }
      from = SmppAddress.inbound(pdu.getSourceAddr(), pdu.getSourceAddrTon());
      to = SmppAddress.inbound(pdu.getDestAddress(), pdu.getDestAddrTon());
      text = decode(pdu.getDataCoding(), (esm & ESM_UDHI) != 0, payload(pdu));
    } catch (RuntimeException e) {
      stats.malformedPdu();
      LOG.log(Level.FINE, "malformed deliver_sm ignored", e);
      return;
    }
    Span span = tracing.deliverSm(session);
    try (Scope ignored = span == null ? null : span.makeCurrent()) {
      MessageTracing.inboundProcessed(span, inbound.onInbound(from, to, text));
    } catch (RuntimeException e) {
      MessageTracing.inboundFailed(span, "contacts unavailable: " + e.getClass().getSimpleName());
      stats.error("inbound message not processed by contacts: " + e.getClass().getSimpleName());
      LOG.warning("inbound message not processed by contacts (" + e + "); SMSC asked to retry");
      throw new ProcessRequestException("contacts unavailable", ESME_RX_T_APPN);
    }
  }

  private void onReceipt(DeliverSm pdu, OptionalParameter.OctetString receiptedId) {
    OptionalParameter.Byte state =
        (OptionalParameter.Byte) pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
    OptionalParameter.Network_error_code network =
        pdu.getOptionalParameter(OptionalParameter.Network_error_code.class);
    byte[] payload = payload(pdu);
    String text = new String(payload, StandardCharsets.ISO_8859_1);
    String id = receiptedId == null ? null : cString(receiptedId.getValue());
    DeliveryReceiptMatcher.parse(
            text,
            id,
            state == null ? null : state.getValue() & 0xFF,
            network == null ? null : network.getErrorCode() & 0xFFFF)
        .ifPresentOrElse(receipts::onReceipt, stats::malformedPdu);
  }

  private static String cString(byte[] value) {
    int end = 0;
    while (end < value.length && value[end] != 0) {
      end++;
    }
    return new String(value, 0, end, StandardCharsets.ISO_8859_1);
  }

  private static byte[] payload(DeliverSm pdu) {
    byte[] shortMessage = pdu.getShortMessage();
    if (shortMessage != null && shortMessage.length > 0) {
      return shortMessage;
    }
    OptionalParameter.OctetString payload =
        (OptionalParameter.OctetString)
            pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
    return payload == null ? new byte[0] : payload.getValue();
  }

  /** Decodes an MO's text, skipping a user data header; unknown codings are read as Latin-1. */
  static String decode(byte dataCoding, boolean udhi, byte[] octets) {
    int offset = 0;
    if (udhi && octets.length > 0) {
      offset = Math.min(octets.length, 1 + (octets[0] & 0xFF));
    }
    int length = octets.length - offset;
    int dcs = dataCoding & 0xFF;
    if (dcs == 0x00 || (dcs & 0xF4) == 0xF0) {
      return GsmAlphabet.decode(octets, offset, length);
    }
    if (dcs == 0x08 || (dcs & 0xEC) == 0x08) {
      return new String(octets, offset, length & ~1, StandardCharsets.UTF_16BE);
    }
    if (dcs == 0x01) {
      return new String(octets, offset, length, StandardCharsets.US_ASCII);
    }
    return new String(octets, offset, length, Charset.forName("ISO-8859-1"));
  }

  @Override
  public void onAcceptAlertNotification(AlertNotification alertNotification) {
    // Alerts (handset reachable again) are not used: the SMSC retries deliveries itself.
  }

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw new ProcessRequestException("data_sm is not supported", ESME_RINVCMDID);
  }
}
