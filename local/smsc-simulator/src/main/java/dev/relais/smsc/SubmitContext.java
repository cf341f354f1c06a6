package dev.relais.smsc;

/**
 * What a {@link SubmitPolicy} knows about one incoming submit_sm. The destination is personal data:
 * policies may match on it but must not log it.
 *
 * @param systemId the account the submitting session is bound as
 * @param sessionId jsmpp's id of the submitting session
 * @param submitNumber 1-based count of submit_sm received by the simulator, accepted or not
 * @param destinationAddress the destination_addr of the PDU
 * @param sessionSubmitNumber 1-based count of submit_sm received on this session
 */
public record SubmitContext(
    String systemId,
    String sessionId,
    long submitNumber,
    String destinationAddress,
    long sessionSubmitNumber) {}
