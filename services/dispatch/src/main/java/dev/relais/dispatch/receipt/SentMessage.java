package dev.relais.dispatch.receipt;

import java.util.UUID;

/**
 * What an SMSC message id stands for: one part of a Relais message.
 *
 * @param part 1-based part number
 * @param parts parts of the whole message
 */
public record SentMessage(UUID messageId, String campaignId, String variant, int part, int parts) {}
