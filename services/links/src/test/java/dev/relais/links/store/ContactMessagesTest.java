package dev.relais.links.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactMessagesTest {

  private static final Instant SINCE = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void aMessageWithTwoLinksIsOneMessageLastClickedWhenEitherLinkWas() {
    ContactMessages messages = new ContactMessages(SINCE);
    Instant created = Instant.parse("2026-03-02T10:00:00Z");
    messages.add("shop/spring", "A", "m1", created, Instant.parse("2026-03-02T11:00:00Z"));
    messages.add("shop/spring", "A", "m1", created, Instant.parse("2026-03-03T09:00:00Z"));
    messages.add("shop/spring", "A", "m1", created, null);

    assertThat(messages.latestFirst())
        .containsExactly(
            new ContactMessages.Message(
                "shop/spring", "A", "m1", created, Instant.parse("2026-03-03T09:00:00Z")));
  }

  @Test
  void linksCreatedBeforeSinceAreLeftOutAndTheRestComeLatestFirst() {
    ContactMessages messages = new ContactMessages(SINCE);
    messages.add("shop/winter", "", "old", SINCE.minusSeconds(1), SINCE.plusSeconds(60));
    messages.add("shop/spring", null, "first", SINCE, null);
    messages.add("shop/summer", "B", "second", SINCE.plusSeconds(3600), null);

    assertThat(messages.latestFirst())
        .extracting(ContactMessages.Message::messageId)
        .containsExactly("second", "first");
    assertThat(messages.latestFirst().get(1).variant()).isEmpty();
  }
}
