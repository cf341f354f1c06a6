package dev.relais.dispatch.submit;

import dev.relais.queue.QueuedMessage;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * What to do with a queued message just before its first submit_sm: send it, or resolve it unsent
 * because its validity ended or because it is marketing to a number that opted out after it was
 * queued. Transactional messages (an OTP, a delivery notice) follow from the person's own action
 * and are sent whatever their marketing opt-out says.
 *
 * <p>A message whose number was erased (GDPR Art. 17) after it was queued has no destination or
 * text left ({@link QueuedMessage#erased()}): whatever its type it is resolved unsent and counted
 * with the opt-outs (the person withdrew from the platform altogether).
 */
public enum SendDecision {
  SEND,
  EXPIRED,
  OPTED_OUT;

  /**
   * @param optedOut whether a destination number has opted out of marketing SMS
   */
  public static SendDecision of(QueuedMessage message, Instant now, Predicate<String> optedOut) {
    if (message.erased()) {
      return OPTED_OUT;
    }
    if (message.expiredAt(now)) {
      return EXPIRED;
    }
    if (message.marketing() && optedOut.test(message.destination())) {
      return OPTED_OUT;
    }
    return SEND;
  }
}
