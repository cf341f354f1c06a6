package dev.relais.analytics.conversion;

import java.time.Instant;
import java.util.List;

/** One place that knows which messages were sent to a phone number ({@link ContactTouches}). */
public interface ContactMessages {

  /**
   * The messages sent to {@code phone} (E.164) at or after {@code since} by this source's own
   * record of when, each as this source knows it. The number is personal data: an implementation
   * never logs it nor puts it in a span or a metric.
   *
   * @throws io.grpc.StatusRuntimeException when the source does not answer in time
   */
  List<SentMessage> sentTo(String phone, Instant since);

  /**
   * As {@link #sentTo(String, Instant)}, told the messages that the sources asked before this one
   * know ({@code known}): a source that keeps what it knows by message rather than by number (the
   * links of marketing messages) looks them up. By default, {@code known} is not needed.
   */
  default List<SentMessage> sentTo(String phone, Instant since, List<SentMessage> known) {
    return sentTo(phone, since);
  }
}
