package dev.relais.scheduler.campaign;

import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CostEstimate;
import dev.relais.proto.scheduler.v1.EncodingPreview;
import dev.relais.proto.scheduler.v1.Ucs2Character;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.scheduler.routing.RouteTable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignPreviewTest {

  /** 146 characters once the STOP mention is appended, one typographic apostrophe. */
  private static final String PROMOTION =
      "Les soldes commencent demain : -30% sur toute la collection d’hiver en magasin et sur le"
          + " site, jusqu'à dimanche 13h. Code SOLDES30 vite {{firstName}}";

  private static final RouteTable ROUTES =
      RouteTable.of(
          List.of(
              RouteDefinition.validated("orange-fr", List.of("+336", "+337"), 0, 4)
                  .withPrice(RoutePrice.parse("0.045", "EUR")),
              RouteDefinition.validated("be", List.of("+32"), 0, 4)
                  .withPrice(RoutePrice.parse("0.09", "EUR"))));

  private static CompiledCampaign compiled(Campaign.Builder spec) {
    return new CampaignValidator(PolicyRegistry.standard())
        .compile(spec.build(), Instant.parse("2026-11-24T09:00:00Z"));
  }

  @Test
  void theCharactersThatForceUcs2AreNamedWithTheirColumnAndWhetherTheyHaveAGsm7Form() {
    EncodingPreview preview =
        CampaignPreview.encoding(
            compiled(marketing().setTemplate("L’offre d’été à {{city|Besançon}} 🎉 : -20%")));

    assertThat(preview.getEncoding()).isEqualTo("UCS-2");
    assertThat(preview.getTransliterate()).isFalse();
    assertThat(preview.getUcs2CharactersList())
        .extracting(
            Ucs2Character::getCharacter,
            Ucs2Character::getColumn,
            Ucs2Character::getOccurrences,
            Ucs2Character::getGsm7Form,
            Ucs2Character::getTransliterable)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("’", 2, 2, "'", true),
            org.assertj.core.groups.Tuple.tuple("ç", 29, 1, "c", true),
            org.assertj.core.groups.Tuple.tuple("🎉", 35, 1, "", false));
  }

  @Test
  void aPromotionWithATypographicApostropheTakesThreePartsOrOneTransliterated() {
    EncodingPreview asWritten =
        CampaignPreview.encoding(compiled(marketing().setTemplate(PROMOTION)));
    assertThat(asWritten.getEncoding()).isEqualTo("UCS-2");
    assertThat(asWritten.getParts()).isEqualTo(3);
    assertThat(asWritten.getPartsTransliterated()).isEqualTo(1);
    assertThat(asWritten.getUcs2CharactersList())
        .extracting(Ucs2Character::getCharacter, Ucs2Character::getColumn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("’", 62));

    EncodingPreview transliterated =
        CampaignPreview.encoding(
            compiled(marketing().setTemplate(PROMOTION).setTransliterate(true)));
    assertThat(transliterated.getEncoding()).isEqualTo("GSM-7");
    assertThat(transliterated.getParts()).isEqualTo(1);
    assertThat(transliterated.getTransliterate()).isTrue();
    assertThat(transliterated.getUcs2CharactersList()).isEmpty();
  }

  @Test
  void theCostEstimateMultipliesTheAudienceByTheTemplatesPartsAtTheRegionsRoute() {
    CompiledCampaign asWritten = compiled(marketing().setTemplate(PROMOTION));
    CostEstimate ucs2 =
        CampaignPreview.cost(asWritten, CampaignPreview.encoding(asWritten), 10_000, ROUTES);
    assertThat(ucs2.getAudience()).isEqualTo(10_000);
    assertThat(ucs2.getPartsPerMessage()).isEqualTo(3);
    assertThat(ucs2.getParts()).isEqualTo(30_000);
    assertThat(ucs2.getRoute()).isEqualTo("orange-fr");
    assertThat(ucs2.getAmount()).isEqualTo("1350.00");
    assertThat(ucs2.getCurrency()).isEqualTo("EUR");

    CompiledCampaign transliterated =
        compiled(marketing().setTemplate(PROMOTION).setTransliterate(true));
    CostEstimate gsm7 =
        CampaignPreview.cost(
            transliterated, CampaignPreview.encoding(transliterated), 10_000, ROUTES);
    assertThat(gsm7.getParts()).isEqualTo(10_000);
    assertThat(gsm7.getAmount()).isEqualTo("450.00");

    CostEstimate belgium =
        CampaignPreview.cost(
            compiled(marketing().setTemplate(PROMOTION).setDefaultRegion("BE")),
            CampaignPreview.encoding(transliterated),
            100,
            ROUTES);
    assertThat(belgium.getRoute()).isEqualTo("be");
    assertThat(belgium.getAmount()).isEqualTo("9.00");
  }

  @Test
  void withoutAPricedRouteTheEstimateCountsPartsOnly() {
    CompiledCampaign campaign = compiled(marketing());
    CostEstimate estimate =
        CampaignPreview.cost(
            campaign,
            CampaignPreview.encoding(campaign),
            500,
            RouteTable.of(List.of(RouteDefinition.validated("any", List.of(), 0, 4))));
    assertThat(estimate.getParts()).isEqualTo(500);
    assertThat(estimate.getRoute()).isEqualTo("any");
    assertThat(estimate.getAmount()).isEmpty();
  }
}
