package dev.relais.dispatch.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Attributing an opt-out to the campaign that last wrote to the number. */
class RecentRecipientsTest {

  @Test
  void theLastMessageToANumberIsFoundWhateverItsWriting() {
    RecentRecipients recipients = new RecentRecipients(10);
    RecentRecipients.LastMessage first =
        new RecentRecipients.LastMessage(UUID.randomUUID(), "ns/spring", "A");
    RecentRecipients.LastMessage second =
        new RecentRecipients.LastMessage(UUID.randomUUID(), "ns/summer", "");
    recipients.sent("+33612345678", first);
    recipients.sent("+33612345678", second);
    assertThat(recipients.lastSentTo("33612345678")).isEqualTo(second);
    assertThat(recipients.lastSentTo("+33 6 12 34 56 78")).isEqualTo(second);
    assertThat(recipients.lastSentTo("+33700000000")).isNull();
    assertThat(recipients.lastSentTo(null)).isNull();
  }

  @Test
  void theOldestNumbersAreForgottenBeyondTheBound() {
    RecentRecipients recipients = new RecentRecipients(2);
    for (int i = 0; i < 3; i++) {
      recipients.sent(
          "+3361234567" + i, new RecentRecipients.LastMessage(UUID.randomUUID(), "c", ""));
    }
    assertThat(recipients.lastSentTo("+33612345670")).isNull();
    assertThat(recipients.lastSentTo("+33612345672")).isNotNull();
  }
}
