package dev.relais.cli.message;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One recorded event of a message as a person reads it: what happened, and the SMSC id, route,
 * parts and error code it carried. No recipient and no text: analytics holds neither.
 */
final class MessageEventText {

  /**
   * Error codes dispatch reports where SMPP gives none (dispatch's {@code SubmitStatus}; a test
   * keeps them equal): no submit_sm_resp after every retry.
   */
  static final int NO_RESPONSE = -1;

  /** The message cannot be sent at all (not encodable, invalid PDU). */
  static final int INVALID_MESSAGE = -2;

  /** EXPIRED because the number opted out (or was erased) after the message was queued. */
  static final int OPTED_OUT = -3;

  private MessageEventText() {}

  /** e.g. {@code 2026-03-02T09:00:03Z submitted accepted by the SMSC, SMSC id 77, route orange}. */
  static String line(MessageEvent event) {
    Instant at = ProtoTime.instant(event.getOccurredAt());
    List<String> details = new ArrayList<>();
    details.add(meaning(event));
    if (!event.getSmscMessageId().isEmpty()) {
      details.add("SMSC id " + event.getSmscMessageId());
    }
    if (!event.getRoute().isEmpty()) {
      details.add("route " + event.getRoute());
    }
    if (event.getParts() > 0) {
      details.add(event.getParts() + (event.getParts() == 1 ? " part" : " parts"));
    }
    if (!event.getVariant().isEmpty()) {
      details.add("variant " + event.getVariant());
    }
    return String.format(
        Locale.ROOT, "%-24s  %-17s %s", at, label(event), String.join(", ", details));
  }

  /** Short name of what happened: the event type, or "suppressed" for a suppression. */
  static String label(MessageEvent event) {
    return switch (event.getType()) {
      case EVENT_TYPE_EXPIRED -> event.getErrorCode() == OPTED_OUT ? "suppressed" : "expired";
      case EVENT_TYPE_SUBMIT_FAILED -> "submit failed";
      case EVENT_TYPE_IN_DOUBT -> "in doubt";
      case EVENT_TYPE_DELIVERY_UNKNOWN -> "delivery unknown";
      case EVENT_TYPE_OPTED_OUT -> "opted out";
      default -> event.getType().name().replace("EVENT_TYPE_", "").toLowerCase(Locale.ROOT);
    };
  }

  private static String meaning(MessageEvent event) {
    int code = event.getErrorCode();
    return switch (event.getType()) {
      case EVENT_TYPE_QUEUED -> "composed into a page for the dispatch queue";
      case EVENT_TYPE_SUBMITTED -> "accepted by the SMSC";
      case EVENT_TYPE_SUBMIT_FAILED ->
          switch (code) {
            case NO_RESPONSE -> "no answer from the SMSC after every retry";
            case INVALID_MESSAGE -> "cannot be sent (not encodable, or an invalid PDU)";
            default -> "refused by the SMSC, command_status " + smppStatus(code);
          };
      case EVENT_TYPE_DELIVERED -> "delivery receipt: delivered";
      case EVENT_TYPE_UNDELIVERED ->
          "delivery receipt: not delivered" + (code != 0 ? ", error " + code : "");
      case EVENT_TYPE_EXPIRED ->
          code == OPTED_OUT
              ? "not sent: the number opted out or was erased after the message was queued"
              : "not sent: its validity ended before it could be sent";
      case EVENT_TYPE_OPTED_OUT -> "the recipient replied with a STOP keyword";
      case EVENT_TYPE_IN_DOUBT ->
          "an earlier submit_sm may have reached the SMSC unanswered: sent again, may arrive twice";
      case EVENT_TYPE_DELIVERY_UNKNOWN ->
          "accepted without an SMSC message id: no receipt can name it, delivery unknown";
      default -> "event " + event.getTypeValue() + (code != 0 ? ", error " + code : "");
    };
  }

  private static String smppStatus(int code) {
    return String.format(Locale.ROOT, "0x%08X", code);
  }
}
