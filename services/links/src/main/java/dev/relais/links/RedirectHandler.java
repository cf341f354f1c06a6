package dev.relais.links;

import dev.relais.links.click.ClickClassifier;
import dev.relais.links.click.ClickRecorder;
import dev.relais.links.store.Link;
import dev.relais.links.store.LinkDao;
import dev.relais.links.token.LinkTokens;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The public side of the links: {@code GET /{token}} (and HEAD) answers 302 to the link's target,
 * or to the fallback URL when the link expired, was erased, is unknown or cannot be read, or the
 * token is cut short or mistyped. The root and deeper paths answer 404 with one fixed sentence.
 * Nothing of the request is stored: the click is queued for the {@link ClickRecorder} with its kind
 * only.
 */
final class RedirectHandler {

  static final String NOT_FOUND = "This link has expired or does not exist.";

  private static final Logger LOG = Logger.getLogger(RedirectHandler.class.getName());

  private final LinkDao links;
  private final LinkCache cache;
  private final ClickRecorder clicks;
  private final String fallbackUrl;
  private final Clock clock;

  RedirectHandler(
      LinkDao links, LinkCache cache, ClickRecorder clicks, String fallbackUrl, Clock clock) {
    this.links = links;
    this.cache = cache;
    this.clicks = clicks;
    this.fallbackUrl = fallbackUrl;
    this.clock = clock;
  }

  void routes(HttpRouting.Builder routing) {
    routing
        .route(Method.GET, "/{token}", this::redirect)
        .route(Method.HEAD, "/{token}", this::redirect)
        .any((req, res) -> res.status(Status.NOT_FOUND_404).send(NOT_FOUND));
  }

  private void redirect(ServerRequest request, ServerResponse response) {
    String token = request.path().pathParameters().get("token");
    String location = fallbackUrl;
    if (LinkTokens.isToken(token)) {
      Link link = lookUp(token);
      if (link != null && !link.expiredAt(clock.instant())) {
        location = link.targetUrl();
        String agent = request.headers().first(HeaderNames.USER_AGENT).orElse(null);
        clicks.record(link, ClickClassifier.classify(request.prologue().method().text(), agent));
      }
    }
    response
        .status(Status.FOUND_302)
        .header(HeaderNames.LOCATION, location)
        // Every click must reach the service to be counted, and no page may learn the token.
        .header(HeaderNames.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .send();
  }

  private Link lookUp(String token) {
    Link link = cache.get(token);
    if (link != null) {
      return link;
    }
    try {
      link = links.find(token);
    } catch (RuntimeException e) {
      // The recipient still lands somewhere useful; the error is for the operators.
      LOG.log(Level.WARNING, "link lookup failed, redirected to the fallback", e);
      return null;
    }
    if (link != null) {
      cache.put(link);
    }
    return link;
  }
}
