package dev.relais.smsc;

/** Final fate the simulator assigns to an accepted message, as its delivery receipt reports it. */
public enum DeliveryOutcome {
  DELIVERED("DELIVRD", 2, 0),
  UNDELIVERABLE("UNDELIV", 5, 1),
  EXPIRED("EXPIRED", 3, 0);

  private final String stat;
  private final int messageState;
  private final int errorCode;

  DeliveryOutcome(String stat, int messageState, int errorCode) {
    this.stat = stat;
    this.messageState = messageState;
    this.errorCode = errorCode;
  }

  /** The {@code stat:} word of the receipt text. */
  public String stat() {
    return stat;
  }

  /** The SMPP message_state TLV value (2 delivered, 3 expired, 5 undeliverable). */
  public int messageState() {
    return messageState;
  }

  /** The {@code err:} code of the receipt text. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether the handset got the message. */
  public boolean isDelivered() {
    return this == DELIVERED;
  }
}
