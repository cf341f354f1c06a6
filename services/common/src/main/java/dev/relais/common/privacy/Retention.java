package dev.relais.common.privacy;

import java.time.Duration;

/** How long the platform keeps personal data that more than one service relies on. */
public final class Retention {

  /**
   * How long contacts keeps the marketing messages sent to a number (campaign, message id,
   * variant): the frequency cap's history, what an order is attributed to by delivery, and how
   * erasure and export find the tracked links of a marketing message, which are filed under no
   * contact. So a tracked link lives at most this long ({@code links.lifetime}): one that outlived
   * its message's record could no longer be found for its recipient.
   */
  public static final Duration MARKETING_MESSAGES = Duration.ofDays(90);

  private Retention() {}
}
