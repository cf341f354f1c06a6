package dev.relais.smsc;

import dev.relais.smsc.text.ConcatPart;
import java.time.Instant;
import java.util.Optional;

/**
 * One submit_sm the simulator accepted, as tests query it. A concatenated message appears as one
 * record per part, each with its own message id and its {@link #part()} position.
 *
 * @param messageId the id returned in submit_sm_resp
 * @param systemId the account whose session submitted it
 * @param sourceAddress source_addr
 * @param destinationAddress destination_addr
 * @param text the decoded text of this PDU (without UDH), per data_coding
 * @param dataCoding data_coding as an unsigned value
 * @param esmClass esm_class as an unsigned value
 * @param registeredDelivery registered_delivery as an unsigned value
 * @param receivedAt when the simulator received the PDU
 * @param part the part position, for one part of a concatenated message
 * @param outcome the fate the simulator assigned (reported by its receipt, if one is sent)
 */
public record SubmittedMessage(
    String messageId,
    String systemId,
    String sourceAddress,
    String destinationAddress,
    String text,
    int dataCoding,
    int esmClass,
    int registeredDelivery,
    Instant receivedAt,
    Optional<ConcatPart> part,
    DeliveryOutcome outcome) {

  /** Whether this record is one part of a concatenated message. */
  public boolean isPart() {
    return part.isPresent();
  }

  /** Masks the addresses and text: records end up in test logs and reports. */
  @Override
  public String toString() {
    return "SubmittedMessage[id="
        + messageId
        + ", systemId="
        + systemId
        + ", source="
        + AddressMask.mask(sourceAddress)
        + ", destination="
        + AddressMask.mask(destinationAddress)
        + ", textLength="
        + text.length()
        + ", dataCoding="
        + dataCoding
        + ", esmClass="
        + esmClass
        + ", registeredDelivery="
        + registeredDelivery
        + ", receivedAt="
        + receivedAt
        + ", part="
        + part
        + ", outcome="
        + outcome
        + "]";
  }
}
