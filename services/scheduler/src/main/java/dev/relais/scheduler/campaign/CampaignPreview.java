package dev.relais.scheduler.campaign;

import dev.relais.proto.scheduler.v1.CostEstimate;
import dev.relais.proto.scheduler.v1.EncodingPreview;
import dev.relais.proto.scheduler.v1.Ucs2Character;
import dev.relais.scheduler.compliance.RecipientTimeZones;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.scheduler.routing.RouteTable;
import dev.relais.sms.text.GsmTransliteration;
import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import dev.relais.sms.text.Ucs2Characters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Optional;

/**
 * What a campaign will send, known before any contact is read: the encoding and parts of its
 * template's message, the characters that make it UCS-2, and what its estimated audience should
 * cost. The message is the template with every placeholder empty (its fallback when it has one) and
 * each link as long as the short link it becomes ({@link dev.relais.scheduler.template.LinkShape}),
 * the STOP mention appended for marketing, transliterated when the campaign asks for it: the
 * shortest message it can make, and the typical one when contact values are short and GSM-7.
 */
public final class CampaignPreview {

  private CampaignPreview() {}

  /**
   * The encoding preview of {@code campaign}'s template; with A/B variants, of the variant whose
   * message takes the most parts (the first of them on a tie), since the template is not sent then.
   */
  public static EncodingPreview encoding(CompiledCampaign campaign) {
    EncodingPreview costliest = null;
    for (CampaignVariant variant : campaign.variants()) {
      EncodingPreview preview = encoding(campaign, variant);
      if (costliest == null || preview.getParts() > costliest.getParts()) {
        costliest = preview;
      }
    }
    return costliest;
  }

  /** The encoding preview of one variant's template (or of the template, without variants). */
  public static EncodingPreview encoding(CompiledCampaign campaign, CampaignVariant variant) {
    String body = variant.template().renderEachPlaceholderAs("");
    SmsParts parts = SmsParts.of(campaign.messageText(body));
    SmsParts transliterated =
        campaign.transliterate()
            ? parts
            : SmsParts.of(GsmTransliteration.transliterate(campaign.messageText(body)));
    EncodingPreview.Builder preview =
        EncodingPreview.newBuilder()
            .setEncoding(name(parts.encoding()))
            .setParts(parts.parts())
            .setPartsTransliterated(transliterated.parts())
            .setTransliterate(campaign.transliterate());
    for (Ucs2Characters.Occurrence c :
        Ucs2Characters.in(variant.source(), campaign.transliterate())) {
      preview.addUcs2Characters(
          Ucs2Character.newBuilder()
              .setCharacter(c.character())
              .setLine(c.line())
              .setColumn(c.column())
              .setOccurrences(c.occurrences())
              .setGsm7Form(c.transliterable() ? c.gsm7Form() : "")
              .setTransliterable(c.transliterable()));
    }
    return preview.build();
  }

  /**
   * The cost estimate of {@code audience} contacts each sent {@code preview}'s parts, priced at the
   * route that serves the campaign's default region.
   */
  public static CostEstimate cost(
      CompiledCampaign campaign, EncodingPreview preview, long audience, RouteTable routes) {
    long parts = audience * preview.getParts();
    CostEstimate.Builder estimate =
        CostEstimate.newBuilder()
            .setAudience(audience)
            .setPartsPerMessage(preview.getParts())
            .setParts(parts);
    Optional<RouteDefinition> route = routeOfRegion(campaign, routes);
    if (route.isPresent()) {
      estimate.setRoute(route.get().name());
      RoutePrice price = route.get().price();
      if (price.known()) {
        estimate
            .setAmount(
                price
                    .perSegment()
                    .multiply(BigDecimal.valueOf(parts))
                    .setScale(2, RoundingMode.HALF_UP)
                    .toPlainString())
            .setCurrency(price.currency());
      }
    }
    return estimate.build();
  }

  /**
   * The route for numbers of the campaign's default region: the one messages to the region's
   * calling code take, else (routes for narrower prefixes such as +336) the first by name of those
   * serving part of it.
   */
  private static Optional<RouteDefinition> routeOfRegion(
      CompiledCampaign campaign, RouteTable routes) {
    String region = campaign.spec().getDefaultRegion();
    String callingCode =
        RecipientTimeZones.callingCodeOf(
            region.isEmpty() ? CampaignValidator.DEFAULT_REGION : region);
    if (callingCode == null) {
      return Optional.empty();
    }
    Optional<RouteDefinition> route = routes.routeFor(callingCode);
    if (route.isPresent()) {
      return route;
    }
    return routes.routes().stream()
        .filter(r -> r.prefixes().stream().anyMatch(p -> p.startsWith(callingCode)))
        .min(Comparator.comparing(RouteDefinition::name));
  }

  /** "GSM-7" or "UCS-2", as people write them. */
  public static String name(SmsEncoding encoding) {
    return encoding == SmsEncoding.GSM_7 ? "GSM-7" : "UCS-2";
  }
}
