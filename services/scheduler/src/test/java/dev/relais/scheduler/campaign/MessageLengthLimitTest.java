package dev.relais.scheduler.campaign;

import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static dev.relais.scheduler.campaign.Campaigns.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.template.TemplateRenderer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A campaign is accepted only when its longest message fits its part limit. */
class MessageLengthLimitTest {

  private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  private final CampaignValidator validator = new CampaignValidator(PolicyRegistry.standard());

  @Test
  void aTwentyThousandCharacterTemplateIsRefusedWithItsPartCountAndTheLimit() {
    String template = "Bonjour {{firstName|client}}, " + "promo ".repeat(3329);

    assertThatThrownBy(() -> validator.accept(marketing().setTemplate(template).build(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up to 300 SMS parts")
        .hasMessageContaining("limit of 10")
        .hasMessageContaining("max_parts");
  }

  @Test
  void aCampaignMayRaiseItsLimit() {
    String template = "Bonjour {{firstName|client}}, " + "promo ".repeat(300);

    assertThatThrownBy(() -> validator.accept(marketing().setTemplate(template).build(), NOW))
        .hasMessageContaining("limit of 10");
    assertThat(validator.accept(marketing().setTemplate(template).setMaxParts(30).build(), NOW))
        .isNotNull();
  }

  @Test
  void theLimitIsBetweenOneAndTwoHundredFiftyFive() {
    assertThatThrownBy(() -> validator.compile(marketing().setMaxParts(256).build(), NOW))
        .hasMessageContaining("max_parts must be between 1 and 255");
    assertThatThrownBy(() -> validator.compile(marketing().setMaxParts(-1).build(), NOW))
        .hasMessageContaining("max_parts must be between 1 and 255");
  }

  @Test
  void aPlainTemplateIsMeasuredAsWrittenWithItsStopMention() {
    // 1,520 GSM-7 characters: 10 parts of 153 alone, 11 once " STOP 36111" follows.
    String template = "a".repeat(1520);

    assertThat(MessageLengthLimit.longestParts(TemplateRenderer.parse(template), "")).isEqualTo(10);
    assertThat(MessageLengthLimit.longestParts(TemplateRenderer.parse(template), "STOP 36111"))
        .isEqualTo(11);
    assertThatThrownBy(() -> validator.accept(marketing().setTemplate(template).build(), NOW))
        .hasMessageContaining("up to 11 SMS parts");
    // Transactional messages carry no STOP mention.
    assertThat(validator.accept(transactional().setTemplate(template).build(), NOW)).isNotNull();
  }

  @Test
  void aPlaceholderCountsAsFiftyCharactersInTheCostlierEncoding() {
    // 150 GSM-7 characters and a placeholder: 200 characters, 3 parts in UCS-2 (67 a part), which
    // one contact's name outside GSM-7 would bring.
    TemplateRenderer template = TemplateRenderer.parse("{{firstName}}" + "b".repeat(150));

    assertThat(MessageLengthLimit.longestParts(template, "")).isEqualTo(3);
  }

  @Test
  void aFallbackLongerThanTheAllowanceCountsAtItsLength() {
    TemplateRenderer template = TemplateRenderer.parse("{{city|" + "c".repeat(300) + "}}");

    assertThat(MessageLengthLimit.longestParts(template, "")).isEqualTo(2);
  }

  @Test
  void theDefaultLimitIsTen() {
    assertThat(MessageLengthLimit.of(0)).isEqualTo(10);
    assertThat(MessageLengthLimit.of(3)).isEqualTo(3);
  }

  @Test
  void aTransliteratingCampaignIsMeasuredAsItsMessagesAreSent() {
    // 140 characters with the STOP mention: one part in GSM-7, three in UCS-2 for the apostrophe.
    String template = "L’" + "x".repeat(127);

    assertThatThrownBy(
            () -> validator.accept(marketing().setTemplate(template).setMaxParts(2).build(), NOW))
        .hasMessageContaining("up to 3 SMS parts");
    assertThat(
            MessageLengthLimit.longestParts(
                validator.accept(
                    marketing().setTemplate(template).setMaxParts(1).setTransliterate(true).build(),
                    NOW)))
        .isEqualTo(1);
  }
}
