package dev.relais.dispatch.submit;

/**
 * What a submit_sm answer means for the message, and the error codes Relais reports when there is
 * no SMPP status to report.
 *
 * <p>Throttling answers (ESME_RTHROTTLED 0x58, ESME_RMSGQFUL 0x14) say "not now", not "never": the
 * message is retried after the session backs off. Every other error status is final.
 */
public final class SubmitStatus {

  public static final int ESME_ROK = 0x00;
  public static final int ESME_RMSGQFUL = 0x14;
  public static final int ESME_RTHROTTLED = 0x58;

  /** error_code of a message that got no submit_sm_resp after every retry (in doubt). */
  public static final int NO_RESPONSE = -1;

  /** error_code of a message that cannot be sent at all (not encodable, invalid PDU). */
  public static final int INVALID_MESSAGE = -2;

  /**
   * error_code of the EXPIRED event of a marketing message not sent because its number opted out
   * after it was queued (analytics has no SUPPRESSED type yet and rejects types it does not know).
   */
  public static final int OPTED_OUT = -3;

  private SubmitStatus() {}

  /** Whether a command_status asks the ESME to slow down and try again. */
  public static boolean isThrottling(int commandStatus) {
    return commandStatus == ESME_RTHROTTLED || commandStatus == ESME_RMSGQFUL;
  }
}
