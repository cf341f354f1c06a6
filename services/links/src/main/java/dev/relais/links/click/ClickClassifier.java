package dev.relais.links.click;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a human click from a machine's: link-preview fetchers of messaging apps (WhatsApp,
 * iMessage, Telegram, Slack...), search crawlers and prefetching bots open links that nobody
 * clicked. Such requests are redirected like any other but counted apart.
 *
 * <p>A request is a bot when it is a HEAD (previews and link checkers probe without fetching), has
 * no user agent (every browser sends one), or its user agent names a known preview fetcher or says
 * bot, crawler, spider or preview, or is that of a headless browser or an HTTP library (link
 * checkers, scripts).
 */
public final class ClickClassifier {

  /** Whether a request counts as a human click or a bot's. */
  public enum Kind {
    HUMAN,
    BOT
  }

  /**
   * Known preview fetchers and crawlers, matched case-insensitively anywhere in the user agent.
   * iMessage's fetcher announces itself as facebookexternalhit and Twitterbot; "LinkPreview" is the
   * token of several others.
   */
  private static final Pattern BOT =
      Pattern.compile(
          "whatsapp|facebookexternalhit|facebookcatalog|meta-externalagent|slackbot|slack-imgproxy"
              + "|twitterbot|telegrambot|discordbot|skypeuripreview|applebot|linkpreview"
              + "|googlebot|bingbot|linkedinbot|pinterestbot|redditbot|embedly|vkshare"
              // "bot" alone or before a version, not inside a word: a CUBOT phone is a human.
              + "|\\bbot\\b|bot/|crawler|spider|preview|\\+https?://|headlesschrome"
              + "|python-requests|curl/|wget/|go-http-client|okhttp|java/|apache-httpclient");

  private ClickClassifier() {}

  /** The kind of a request with this method and {@code User-Agent} header (null when absent). */
  public static Kind classify(String method, String userAgent) {
    if ("HEAD".equalsIgnoreCase(method)) {
      return Kind.BOT;
    }
    if (userAgent == null || userAgent.isBlank()) {
      return Kind.BOT;
    }
    return BOT.matcher(userAgent.toLowerCase(Locale.ROOT)).find() ? Kind.BOT : Kind.HUMAN;
  }
}
