package dev.relais.dispatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.optout.OptOutRegistry;
import dev.relais.queue.QueuedMessage;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SendDecisionTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String OPTED_OUT = "+33612345678";

  private final OptOutRegistry registry = new OptOutRegistry(10);

  SendDecisionTest() {
    registry.add(OPTED_OUT, NOW.minusSeconds(60));
  }

  private static QueuedMessage message(String destination, boolean marketing, Instant expiresAt) {
    return new QueuedMessage(
        0,
        null,
        UUID.randomUUID(),
        "c",
        "r",
        destination,
        "RELAIS",
        "Promo",
        NOW.minusSeconds(3600),
        expiresAt,
        "",
        marketing,
        1,
        null);
  }

  @Test
  void marketingToAnOptedOutNumberIsNotSent() {
    assertThat(
            SendDecision.of(message(OPTED_OUT, true, NOW.plusSeconds(60)), NOW, registry::contains))
        .isEqualTo(SendDecision.OPTED_OUT);
    // The queue may hold the number without its '+'.
    assertThat(
            SendDecision.of(
                message(OPTED_OUT.substring(1), true, NOW.plusSeconds(60)),
                NOW,
                registry::contains))
        .isEqualTo(SendDecision.OPTED_OUT);
  }

  @Test
  void transactionalToAnOptedOutNumberIsSent() {
    assertThat(
            SendDecision.of(
                message(OPTED_OUT, false, NOW.plusSeconds(60)), NOW, registry::contains))
        .isEqualTo(SendDecision.SEND);
  }

  @Test
  void marketingToAnotherNumberIsSent() {
    assertThat(
            SendDecision.of(
                message("+33612345679", true, NOW.plusSeconds(60)), NOW, registry::contains))
        .isEqualTo(SendDecision.SEND);
  }

  @Test
  void anExpiredMessageIsNeverSent() {
    assertThat(SendDecision.of(message("+33612345679", false, NOW), NOW, registry::contains))
        .isEqualTo(SendDecision.EXPIRED);
    assertThat(SendDecision.of(message(OPTED_OUT, true, NOW), NOW, registry::contains))
        .isEqualTo(SendDecision.EXPIRED);
  }

  @Test
  void aMessageWhoseNumberWasErasedIsNeverSentWhateverItsType() {
    assertThat(SendDecision.of(message("", true, NOW.plusSeconds(60)), NOW, registry::contains))
        .isEqualTo(SendDecision.OPTED_OUT);
    assertThat(SendDecision.of(message("", false, NOW.plusSeconds(60)), NOW, registry::contains))
        .isEqualTo(SendDecision.OPTED_OUT);
    assertThat(SendDecision.of(message(null, false, NOW), NOW, registry::contains))
        .isEqualTo(SendDecision.OPTED_OUT);
  }
}
