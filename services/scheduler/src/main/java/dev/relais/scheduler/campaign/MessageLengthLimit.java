package dev.relais.scheduler.campaign;

import dev.relais.scheduler.template.TemplateRenderer;
import dev.relais.sms.text.SmsParts;
import java.util.function.UnaryOperator;

/**
 * The most SMS parts one message of a campaign may take, checked when the campaign is accepted
 * against the longest message its template can make.
 *
 * <p>The longest message is the template with its STOP mention (marketing), each placeholder
 * counted as {@value #PLACEHOLDER_ALLOWANCE} characters or its fallback when that is longer, in the
 * costlier of two fillings: characters of GSM-7's extension table (two septets each) or characters
 * outside GSM-7, which turn the whole message into UCS-2 (67 characters a part). A campaign that
 * transliterates is measured transliterated, as its messages are sent.
 */
public final class MessageLengthLimit {

  /** Parts a message may take when the campaign sets no limit. */
  public static final int DEFAULT_MAX_PARTS = 10;

  /** Highest limit a campaign may set: concatenated SMS number their parts in one octet. */
  public static final int HIGHEST_MAX_PARTS = SmsParts.MAX_PARTS;

  /** Characters a placeholder is counted as: a first name, a city or a postal code fits. */
  public static final int PLACEHOLDER_ALLOWANCE = 50;

  private static final String GSM_EXTENSION_FILLER = "€".repeat(PLACEHOLDER_ALLOWANCE);
  private static final String UCS2_FILLER = "ł".repeat(PLACEHOLDER_ALLOWANCE);

  private MessageLengthLimit() {}

  /** The limit a campaign declared ({@code 0}: the default), checked for range. */
  public static int of(int declared) {
    if (declared < 0 || declared > HIGHEST_MAX_PARTS) {
      throw new IllegalArgumentException(
          "max_parts must be between 1 and " + HIGHEST_MAX_PARTS + " (0 means the default, 10)");
    }
    return declared == 0 ? DEFAULT_MAX_PARTS : declared;
  }

  /**
   * Parts of the longest message the template can make, with {@code stopMention} when non-empty.
   */
  public static int longestParts(TemplateRenderer template, String stopMention) {
    return longestParts(template, body -> StopMention.appended(body, stopMention));
  }

  /** Parts of the longest message the campaign's template can make, as its messages are built. */
  public static int longestParts(CompiledCampaign campaign) {
    return longestParts(campaign.template(), campaign::messageText);
  }

  /**
   * Parts of the longest message {@code variant} can make, as the campaign's messages are built.
   */
  public static int longestParts(CompiledCampaign campaign, CampaignVariant variant) {
    return longestParts(variant.template(), campaign::messageText);
  }

  private static int longestParts(TemplateRenderer template, UnaryOperator<String> message) {
    int parts = parts(template.renderEachPlaceholderAs(""), message);
    if (!template.placeholders().isEmpty()) {
      parts =
          Math.max(
              parts,
              Math.max(
                  parts(template.renderEachPlaceholderAs(GSM_EXTENSION_FILLER), message),
                  parts(template.renderEachPlaceholderAs(UCS2_FILLER), message)));
    }
    return parts;
  }

  /**
   * Refuses a campaign whose longest message (of any variant, or of its template without variants)
   * would take more than {@code maxParts} parts.
   *
   * @throws IllegalArgumentException naming the variant, the part count and the limit
   */
  public static void check(CompiledCampaign campaign, int maxParts) {
    for (CampaignVariant variant : campaign.variants()) {
      check(campaign, variant, maxParts);
    }
  }

  private static void check(CompiledCampaign campaign, CampaignVariant variant, int maxParts) {
    String stopMention = campaign.marketing() ? campaign.stopMention() : "";
    int parts = longestParts(campaign, variant);
    if (parts > maxParts) {
      throw new IllegalArgumentException(
          variant.refusalPrefix()
              + "template: a message may take up to "
              + parts
              + " SMS parts (placeholders counted as "
              + PLACEHOLDER_ALLOWANCE
              + " characters"
              + (stopMention.isEmpty() ? "" : ", STOP mention included")
              + "), more than the limit of "
              + maxParts
              + ": shorten the template or raise max_parts");
    }
  }

  /** Parts of the message made from {@code body}. */
  private static int parts(String body, UnaryOperator<String> message) {
    return SmsParts.of(message.apply(body)).parts();
  }
}
