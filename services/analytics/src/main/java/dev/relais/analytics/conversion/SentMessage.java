package dev.relais.analytics.conversion;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A message sent to a contact, as one source knows it: its campaign, A/B variant ("" when the
 * campaign has none) and dispatch queue id, and the last human click on one of its tracked links
 * when the source tracks clicks.
 */
public record SentMessage(
    String campaignId, String variant, String messageId, Optional<Instant> lastClickedAt) {

  /** A message known without clicks. */
  public static SentMessage unclicked(String campaignId, String variant, String messageId) {
    return new SentMessage(campaignId, variant, messageId, Optional.empty());
  }

  /**
   * This message as it and {@code other}, the same message known to another source, tell it
   * together: the later of their clicks, and the variant of whichever names one (when both do they
   * agree: the scheduler gave the same to both).
   */
  SentMessage knownWith(SentMessage other) {
    return new SentMessage(
        campaignId,
        variant.isEmpty() ? other.variant : variant,
        messageId,
        Stream.of(lastClickedAt, other.lastClickedAt)
            .flatMap(Optional::stream)
            .max(Comparator.naturalOrder()));
  }

  /** The touch of this message at {@code at} (its click, or its delivery). */
  Attribution.Touch touchAt(Instant at) {
    return new Attribution.Touch(campaignId, variant, messageId, at);
  }
}
