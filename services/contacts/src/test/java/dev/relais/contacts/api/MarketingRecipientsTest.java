package dev.relais.contacts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.contacts.store.MarketingSends.Recipient;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketingRecipientsTest {

  private static final String MESSAGE = "7f3c2a10-2b8e-11f1-8f0a-6c1d2e3f4a5b";

  @Test
  void recipientsAreWrittenInE164WithTheirMessageAndVariant() throws Exception {
    List<Recipient> recipients =
        MarketingRecipients.of(
            List.of(item("+33612345678", MESSAGE, "B"), item("07 98 76 54 32", "m-2", "")), "FR");

    assertThat(recipients)
        .containsExactly(
            new Recipient("+33612345678", MESSAGE, "B"), new Recipient("+33798765432", "m-2", ""));
  }

  @Test
  void aNumberThatDoesNotParseIsLeftOutAsBefore() throws Exception {
    assertThat(
            MarketingRecipients.of(
                List.of(item("not a number", "m-1", ""), item("+33612345678", "m-2", "")), "FR"))
        .extracting(Recipient::phone)
        .containsExactly("+33612345678");
  }

  @Test
  void everyItemNeedsItsMessage() {
    assertRefused(
        List.of(item("+33612345678", MESSAGE, ""), item("+33612345679", "", "")),
        "recipients[1]: message_id is required");
    assertRefused(
        List.of(item("+33612345678", "   ", "")), "recipients[0]: message_id is required");
    // Even for a number that would be left out: the caller sent an item without its message.
    assertRefused(List.of(item("not a number", "", "")), "recipients[0]: message_id is required");
  }

  @Test
  void messageIdsAndVariantsAreBounded() throws Exception {
    String longest = "m".repeat(64);
    assertThat(MarketingRecipients.of(List.of(item("+33612345678", longest, longest)), "FR"))
        .hasSize(1);

    assertRefused(
        List.of(item("+33612345678", longest + "m", "")),
        "recipients[0]: message_id is longer than 64 characters");
    assertRefused(
        List.of(item("+33612345678", MESSAGE, ""), item("+33612345679", MESSAGE, longest + "v")),
        "recipients[1]: variant is longer than 64 characters");
  }

  @Test
  void aNumberMayAppearOnceInAnyWrittenForm() {
    assertRefused(
        List.of(
            item("+33612345678", "m-1", ""),
            item("+33612345679", "m-2", ""),
            item("06 12 34 56 78", "m-3", "")),
        "recipients[2]: same number as recipients[0] (one item per number)");
  }

  @Test
  void noItemsNoRecipients() throws Exception {
    assertThat(MarketingRecipients.of(List.of(), "FR")).isEmpty();
  }

  private static void assertRefused(List<MarketingRecipient> items, String message) {
    assertThatThrownBy(() -> MarketingRecipients.of(items, "FR"))
        .isInstanceOf(MarketingRecipients.RefusedException.class)
        .hasMessage(message);
  }

  private static MarketingRecipient item(String phone, String messageId, String variant) {
    return MarketingRecipient.newBuilder()
        .setPhone(phone)
        .setMessageId(messageId)
        .setVariant(variant)
        .build();
  }
}
