package dev.relais.cli.lint;

import dev.relais.proto.scheduler.v1.EncodingPreview;
import dev.relais.scheduler.campaign.CampaignPreview;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.sms.text.GsmAlphabet;
import dev.relais.sms.text.GsmTransliteration;
import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import dev.relais.sms.text.Ucs2Characters;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the message text costs: its encoding and parts as the scheduler previews them ({@link
 * CampaignPreview}, the same figures as the Campaign's status.encoding), on the shortest message
 * the template makes (each placeholder as its fallback, or empty) with the STOP mention appended
 * and transliterated when spec.transliterate asks, priced at the route that serves the campaign's
 * default region when one is linted; a UCS-2 message names the characters that force it, with their
 * column in the template, and whether spec.transliterate would send it in GSM-7.
 */
final class MessageTextWarnings {

  private static final int SHOWN_CHARACTERS = 5;

  private MessageTextWarnings() {}

  static void check(
      LintedDocument document,
      CompiledCampaign campaign,
      Optional<RouteDefinition> route,
      List<Finding> findings) {
    check(document, "spec.template", campaign, route, findings);
  }

  /**
   * Checks the template of {@code campaign}, reported at {@code field} ({@code spec.template}, or a
   * variant's template compiled in its place).
   */
  static void check(
      LintedDocument document,
      String field,
      CompiledCampaign campaign,
      Optional<RouteDefinition> route,
      List<Finding> findings) {
    String body = campaign.template().renderEachPlaceholderAs("");
    String stopMention = campaign.marketing() ? campaign.stopMention() : "";
    String text = campaign.messageText(body);
    EncodingPreview preview = CampaignPreview.encoding(campaign);
    if (preview.getEncoding().equals(CampaignPreview.name(SmsEncoding.UCS_2))) {
      findings.add(document.warning(field, ucs2(campaign, text, preview, route)));
    }
    if (stopMention.isEmpty()) {
      return;
    }
    int parts = preview.getParts();
    int withoutMention =
        SmsParts.of(campaign.transliterate() ? GsmTransliteration.transliterate(body) : body)
            .parts();
    if (parts > withoutMention) {
      findings.add(
          document.warning(
              field,
              "marketing template leaves no room for the STOP mention '"
                  + stopMention
                  + "' the scheduler appends: the shortest message takes "
                  + plural(parts)
                  + " instead of "
                  + withoutMention
                  + cost(route, parts, withoutMention)));
    }
    if (body.toLowerCase(Locale.ROOT).contains(stopMention.toLowerCase(Locale.ROOT))) {
      findings.add(
          document.warning(
              field,
              "the template already carries '"
                  + stopMention
                  + "', which the scheduler appends to every marketing SMS: it would appear"
                  + " twice"));
    }
  }

  /**
   * Why the message is UCS-2 and what to do: the characters with their column in the template, then
   * either transliteration (when it would make the message GSM-7) or the characters that have no
   * GSM-7 look-alike.
   */
  private static String ucs2(
      CompiledCampaign campaign,
      String text,
      EncodingPreview preview,
      Optional<RouteDefinition> route) {
    List<Ucs2Characters.Occurrence> found =
        Ucs2Characters.in(campaign.spec().getTemplate(), campaign.transliterate());
    String because =
        "falls to UCS-2"
            + (found.isEmpty()
                ? " because of contact values or the STOP mention"
                : " because of "
                    + found.stream()
                        .limit(SHOWN_CHARACTERS)
                        .map(Ucs2Characters.Occurrence::describe)
                        .collect(Collectors.joining(", "))
                    + (found.size() > SHOWN_CHARACTERS ? "…" : "")
                    + " in the template")
            + " (67 to 70 characters a part instead of 153 to 160): ";
    int parts = preview.getParts();
    List<String> without =
        found.stream()
            .filter(c -> !c.transliterable())
            .map(Ucs2Characters.Occurrence::character)
            .toList();
    if (!campaign.transliterate() && without.isEmpty()) {
      int transliterated = preview.getPartsTransliterated();
      return because
          + (parts > transliterated
              ? parts + " parts instead of " + transliterated
              : "still " + plural(parts) + ", with less room for contact values")
          + " for the shortest message; set spec.transliterate: true to send it in GSM-7"
          + cost(route, parts, transliterated);
    }
    Set<String> offending = outsideGsm7(text);
    int asGsm7 = SmsParts.of(replaced(text, offending)).parts();
    return because
        + (parts > asGsm7
            ? parts + " parts instead of " + asGsm7
            : "still " + plural(parts) + ", with less room for contact values")
        + " for the shortest message; "
        + String.join(" ", without)
        + (without.size() == 1 ? " has" : " have")
        + " no GSM-7 look-alike, so the message stays UCS-2"
        + (campaign.transliterate() ? "" : " even with spec.transliterate")
        + cost(route, parts, asGsm7);
  }

  /** The characters of {@code text} GSM-7 cannot carry, in order of appearance. */
  private static Set<String> outsideGsm7(String text) {
    Set<String> out = new LinkedHashSet<>();
    text.codePoints()
        .mapToObj(Character::toString)
        .filter(c -> !GsmAlphabet.canEncode(c))
        .forEach(out::add);
    return out;
  }

  /** {@code text} with each offending character as one GSM-7 character instead. */
  private static String replaced(String text, Set<String> offending) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .mapToObj(Character::toString)
        .forEach(c -> out.append(offending.contains(c) ? "?" : c));
    return out.toString();
  }

  private static String cost(Optional<RouteDefinition> route, int parts, int instead) {
    if (route.isEmpty() || !route.get().price().known() || parts == instead) {
      return "";
    }
    RoutePrice price = route.get().price();
    return "; on route "
        + route.get().name()
        + " at "
        + price.perSegment().toPlainString()
        + " "
        + price.currency()
        + " a part, "
        + amount(price.perSegment(), parts)
        + " "
        + price.currency()
        + " a message instead of "
        + amount(price.perSegment(), instead)
        + (parts == 2 * instead ? " (cost doubles)" : "");
  }

  private static String amount(BigDecimal perPart, int parts) {
    return perPart.multiply(BigDecimal.valueOf(parts)).stripTrailingZeros().toPlainString();
  }

  private static String plural(int parts) {
    return parts + (parts == 1 ? " part" : " parts");
  }
}
