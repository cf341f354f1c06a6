package dev.relais.smsc.text;

/**
 * Position of one part of a concatenated message (from a UDH or from the sar_* TLVs).
 *
 * @param reference the reference shared by all parts of one message (8 or 16 bit)
 * @param partNumber 1-based number of this part
 * @param totalParts number of parts of the whole message
 */
public record ConcatPart(int reference, int partNumber, int totalParts) {}
