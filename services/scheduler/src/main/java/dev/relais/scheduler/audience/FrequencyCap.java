package dev.relais.scheduler.audience;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.MarketingSend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * At most {@code maxMessages} marketing SMS per contact over a sliding {@code period}, counting
 * every campaign (the contact's recent marketing sends as contacts records them).
 *
 * <p>Sends are counted when a message is queued, not when it is delivered: a queued message that
 * later expires still counts, which errs on the side of the recipient.
 */
public record FrequencyCap(int maxMessages, Duration period) {

  /** Contacts keep at most this much history of marketing sends. */
  public static final Duration LONGEST_PERIOD = Duration.ofDays(90);

  /** The default of the French practice: 4 marketing SMS per 30 days. */
  public static final FrequencyCap DEFAULT = new FrequencyCap(4, Duration.ofDays(30));

  public FrequencyCap {
    if (maxMessages < 1) {
      throw new IllegalArgumentException("frequency cap: at least 1 message per period");
    }
    if (period.isNegative() || period.isZero() || period.compareTo(LONGEST_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "frequency cap: the period must be between 1 and " + LONGEST_PERIOD.toDays() + " days");
    }
  }

  /**
   * The cap a campaign declares; zeros take the defaults.
   *
   * @throws IllegalArgumentException when a value is negative or the period too long
   */
  public static FrequencyCap of(int maxMessages, int periodDays) {
    if (maxMessages < 0 || periodDays < 0) {
      throw new IllegalArgumentException("frequency cap values must not be negative");
    }
    return new FrequencyCap(
        maxMessages == 0 ? DEFAULT.maxMessages : maxMessages,
        periodDays == 0 ? DEFAULT.period : Duration.ofDays(periodDays));
  }

  /**
   * True when one more message of {@code campaign} at {@code now} would exceed the cap. The
   * campaign's own send is left out: it is there when a page is expanded again after a failure
   * (sends are recorded before the page is queued), and it is the message being decided.
   */
  public boolean reachedFor(String campaign, List<MarketingSend> sends, Instant now) {
    List<Timestamp> others = new ArrayList<>(sends.size());
    for (MarketingSend send : sends) {
      if (!send.getCampaignId().equals(campaign)) {
        others.add(send.getSentAt());
      }
    }
    return reached(others, now);
  }

  /** True when one more message at {@code now} would exceed the cap. */
  public boolean reached(List<Timestamp> sends, Instant now) {
    long since = now.minus(period).getEpochSecond();
    int count = 0;
    for (Timestamp sent : sends) {
      if (sent.getSeconds() > since && ++count >= maxMessages) {
        return true;
      }
    }
    return false;
  }
}
