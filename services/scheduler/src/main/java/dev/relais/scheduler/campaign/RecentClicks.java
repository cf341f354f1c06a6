package dev.relais.scheduler.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A campaign's clicks for its status: asked of the links service at most once per {@code maxAge}
 * and campaign, so that the number of status readers (the operator, {@code relais campaign status
 * --watch}, dashboards) does not set the load on the links service. An unknown answer (the links
 * service down) is not remembered: the next read asks again.
 *
 * <p>Not for a decision: an A/B test's winner is chosen on clicks read at the decision itself.
 */
public final class RecentClicks implements CampaignClicks {

  /** Campaigns remembered before the stale ones are dropped. */
  private static final int SWEEP_ABOVE = 256;

  private record Known(Instant readAt, Clicks clicks) {}

  private final CampaignClicks source;
  private final Duration maxAge;
  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  public RecentClicks(CampaignClicks source, Duration maxAge, Clock clock) {
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public Optional<Clicks> of(String campaignId) {
    Instant now = clock.instant();
    Known last = known.get(campaignId);
    if (last != null && fresh(last, now)) {
      return Optional.of(last.clicks());
    }
    Optional<Clicks> read = source.of(campaignId);
    if (read.isPresent()) {
      if (known.size() >= SWEEP_ABOVE) {
        known.values().removeIf(k -> !fresh(k, now));
      }
      known.put(campaignId, new Known(now, read.get()));
    } else {
      known.remove(campaignId);
    }
    return read;
  }

  private boolean fresh(Known known, Instant now) {
    Duration age = Duration.between(known.readAt(), now);
    return !age.isNegative() && age.compareTo(maxAge) < 0;
  }
}
