package dev.relais.smsc;

import java.time.Duration;
import java.util.Objects;

/** How the simulator answers one submit_sm; chosen by a {@link SubmitPolicy}. */
public sealed interface SubmitDecision {

  /** SMPP command_status for "throttling error (ESME has exceeded allowed message limits)". */
  int ESME_RTHROTTLED = 0x58;

  /** SMPP command_status for "message queue full". */
  int ESME_RMSGQFUL = 0x14;

  /** Accept, record, answer with a message id and send the receipt later. */
  static SubmitDecision accept() {
    return Accept.INSTANCE;
  }

  /** Refuse with a non-zero command_status; nothing is recorded and no receipt follows. */
  static SubmitDecision reject(int commandStatus) {
    return new Reject(commandStatus);
  }

  /** Refuse with ESME_RTHROTTLED (0x58). */
  static SubmitDecision throttle() {
    return new Reject(ESME_RTHROTTLED);
  }

  /** Accept, but hold the submit_sm_resp for {@code delay}; the receipt may overtake it. */
  static SubmitDecision delayResponse(Duration delay) {
    return new DelayResponse(delay);
  }

  /**
   * Accept and record, but never send the submit_sm_resp: the ESME sees an in-doubt submit and
   * later a receipt for an id it never learnt.
   */
  static SubmitDecision dropResponse() {
    return DropResponse.INSTANCE;
  }

  /** Do not accept; close the connection without answering, as a crashing SMSC would. */
  static SubmitDecision disconnect() {
    return Disconnect.INSTANCE;
  }

  /** See {@link SubmitDecision#accept()}. */
  enum Accept implements SubmitDecision {
    INSTANCE
  }

  /**
   * See {@link SubmitDecision#reject(int)}.
   *
   * @param commandStatus the SMPP error status to answer with, never 0
   */
  record Reject(int commandStatus) implements SubmitDecision {
    /** Rejects a zero status, which would be an acceptance without a message id. */
    public Reject {
      if (commandStatus == 0) {
        throw new IllegalArgumentException("a rejection needs a non-zero command_status");
      }
    }
  }

  /**
   * See {@link SubmitDecision#delayResponse(Duration)}.
   *
   * @param delay how long the submit_sm_resp is held back
   */
  record DelayResponse(Duration delay) implements SubmitDecision {
    /** Requires a non-negative delay. */
    public DelayResponse {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative");
      }
    }
  }

  /** See {@link SubmitDecision#dropResponse()}. */
  enum DropResponse implements SubmitDecision {
    INSTANCE
  }

  /** See {@link SubmitDecision#disconnect()}. */
  enum Disconnect implements SubmitDecision {
    INSTANCE
  }
}
