package dev.relais.smsc;

/**
 * A generic_nack the simulator received from an ESME, e.g. in answer to an injected {@link
 * MalformedPdu}.
 *
 * @param commandStatus the error the ESME gave (0x02 ESME_RINVCMDLEN, 0x03 ESME_RINVCMDID...)
 * @param sequenceNumber the sequence number it answers; 0 when the ESME could not read one
 */
public record GenericNack(int commandStatus, int sequenceNumber) {}
