package dev.relais.sms.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a tracked link may lead: an absolute http(s) URL with a host, of at most {@value
 * #MAX_URL_LENGTH} characters. The links service refuses to create any other link, and the
 * scheduler, the operator and the lint refuse a template or landing URL that would ask it to.
 */
public final class LinkTargets {

  /** Longest target URL, the practical limit of browsers and proxies. */
  public static final int MAX_URL_LENGTH = 2048;

  private LinkTargets() {}

  /**
   * Why {@code url} cannot be a link's target, phrased to follow the thing's name ("is missing",
   * "is not an absolute http(s) URL: ftp://x"), or empty when it can.
   */
  public static Optional<String> problem(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("is missing");
    }
    if (url.length() > MAX_URL_LENGTH) {
      return Optional.of("is longer than " + MAX_URL_LENGTH + " characters");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        return Optional.of("is not an absolute http(s) URL: " + url);
      }
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getMessage());
    }
    return Optional.empty();
  }
}
