package dev.relais.scheduler.template;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shape of the short links a template's link placeholders become: {@code <baseUrl>/<token>},
 * the token {@code tokenLength} base62 characters, as the links service describes it.
 *
 * <p>A template is rendered with a stand-in in place of each link: the base URL and a token-shaped
 * run of {@code _} ending in the link's index (never a base62 token, since tokens have no {@code
 * _}). The stand-in has the real link's length and, like every token, only GSM-7 characters, so a
 * message's encoding, parts and price are those of the message sent; the stand-ins are replaced by
 * each recipient's own link just before the message is queued.
 */
public record LinkShape(String baseUrl, int tokenLength) {

  /**
   * The shape counted where no links service can be asked (the lint): a base URL as long as a
   * typical one ({@code https://r.example.fr}) and the links service's 12-character tokens.
   */
  public static final LinkShape TYPICAL = new LinkShape("https://r.example.fr", 12);

  /** No links service: a template with a link placeholder is refused. */
  public static final Supplier<Optional<LinkShape>> NONE = Optional::empty;

  public LinkShape {
    if (baseUrl.isBlank() || baseUrl.endsWith("/")) {
      throw new IllegalArgumentException("a links base URL is non-empty without a trailing '/'");
    }
    if (tokenLength < 4) {
      throw new IllegalArgumentException("link tokens are at least 4 characters: " + tokenLength);
    }
  }

  /** The stand-in of the template's link number {@code index} (0 for the first). */
  public String standIn(int index) {
    String number = Integer.toString(index);
    return baseUrl + "/" + "_".repeat(Math.max(0, tokenLength - number.length())) + number;
  }

  /** Characters of every link of this shape. */
  public int length() {
    return baseUrl.length() + 1 + tokenLength;
  }
}
