package dev.relais.queue;

/**
 * What an earlier lease holder of a shard durably recorded about a message it had read but not
 * committed: nothing (it never handed the message to SMPP), a submit whose answer is unknown (in
 * doubt), or the SMSC's answer.
 *
 * @param smscId the SMSC's message id of the first part, for a submitted message
 * @param parts SMS parts the SMSC accepted or refused
 * @param errorCode the SMPP command status of a refused message
 */
public record PriorAttempt(Kind kind, String smscId, int parts, int errorCode) {

  /** The kinds of knowledge a new lease holder can have about a message. */
  public enum Kind {
    /** Never handed to SMPP by anyone: a normal first send. */
    NONE,
    /** Maybe sent, answer unknown: resent, and counted as in doubt. */
    IN_DOUBT,
    /** The SMSC accepted it: not resent, its outcome is only reported again. */
    SUBMITTED,
    /** The SMSC refused it: not resent, its outcome is only reported again. */
    FAILED
  }

  public static final PriorAttempt NONE = new PriorAttempt(Kind.NONE, "", 0, 0);
  public static final PriorAttempt IN_DOUBT = new PriorAttempt(Kind.IN_DOUBT, "", 0, 0);

  public PriorAttempt {
    smscId = smscId == null ? "" : smscId;
  }

  /** Whether the SMSC's answer is known, so that the message must not be sent again. */
  public boolean answered() {
    return kind == Kind.SUBMITTED || kind == Kind.FAILED;
  }
}
