package dev.relais.scheduler.campaign;

import dev.relais.queue.OutgoingMessage;
import java.util.List;
import java.util.Map;

/**
 * What one audience page turned into: the messages to queue, and the contacts left out by reason.
 *
 * @param contacts contacts read in the page
 * @param parts SMS parts of all the messages
 * @param tallies further counts by {@link Tallies} key
 */
public record PageOutcome(
    int contacts,
    List<OutgoingMessage> messages,
    Map<String, Long> suppressed,
    long parts,
    Map<String, Long> tallies) {

  public PageOutcome {
    messages = List.copyOf(messages);
    suppressed = Map.copyOf(suppressed);
    tallies = Map.copyOf(tallies);
  }

  public PageOutcome(
      int contacts, List<OutgoingMessage> messages, Map<String, Long> suppressed, long parts) {
    this(contacts, messages, suppressed, parts, Map.of());
  }
}
