package dev.relais.cli.lint;

import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.campaign.StopMention;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.sms.text.GsmAlphabet;
import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the message text costs: its encoding and parts as the scheduler counts them (sms-rules'
 * SmsParts), on the shortest message the template makes (each placeholder as its fallback, or
 * empty) with the STOP mention appended as the scheduler appends it, priced at the route that
 * serves the campaign's default region when one is linted.
 */
final class MessageTextWarnings {

  private static final int SHOWN_CHARACTERS = 5;

  private MessageTextWarnings() {}

  static void check(
      LintedDocument document,
      CompiledCampaign campaign,
      Optional<RouteDefinition> route,
      List<Finding> findings) {
    String body = campaign.template().renderEachPlaceholderAs("");
    String stopMention = campaign.marketing() ? campaign.stopMention() : "";
    String text = StopMention.appended(body, stopMention);
    SmsParts parts = SmsParts.of(text);
    if (parts.encoding() == SmsEncoding.UCS_2) {
      Set<String> offending = outsideGsm7(text);
      int asGsm7 = SmsParts.of(replaced(text, offending)).parts();
      findings.add(
          document.warning(
              "spec.template",
              "falls to UCS-2 because of "
                  + offending.stream()
                      .limit(SHOWN_CHARACTERS)
                      .map(c -> "'" + c + "'")
                      .collect(Collectors.joining(", "))
                  + (offending.size() > SHOWN_CHARACTERS ? "…" : "")
                  + " (67 to 70 characters a part instead of 153 to 160): "
                  + (parts.parts() > asGsm7
                      ? parts.parts() + " parts instead of " + asGsm7
                      : "still " + plural(parts.parts()) + ", with less room for contact values")
                  + " for the shortest message"
                  + cost(route, parts.parts(), asGsm7)));
    }
    if (stopMention.isEmpty()) {
      return;
    }
    int withoutMention = SmsParts.of(body).parts();
    if (parts.parts() > withoutMention) {
      findings.add(
          document.warning(
              "spec.template",
              "marketing template leaves no room for the STOP mention '"
                  + stopMention
                  + "' the scheduler appends: the shortest message takes "
                  + plural(parts.parts())
                  + " instead of "
                  + withoutMention
                  + cost(route, parts.parts(), withoutMention)));
    }
    if (body.toLowerCase(Locale.ROOT).contains(stopMention.toLowerCase(Locale.ROOT))) {
      findings.add(
          document.warning(
              "spec.template",
              "the template already carries '"
                  + stopMention
                  + "', which the scheduler appends to every marketing SMS: it would appear"
                  + " twice"));
    }
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
