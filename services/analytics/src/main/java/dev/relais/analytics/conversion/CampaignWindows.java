package dev.relais.analytics.conversion;

import java.time.Duration;
import java.util.Optional;

/**
 * The attribution windows of each campaign: those it set (a Campaign's {@code spec.attribution}),
 * the service's defaults for the others and for a window it left unset.
 */
public final class CampaignWindows {

  /** The shortest window a campaign may set. */
  public static final Duration MIN = Duration.ofMinutes(1);

  /** The longest window a campaign may set: conversions look this far back at most. */
  public static final Duration MAX = Duration.ofDays(30);

  /** The windows one campaign set; empty for a window left to the default. */
  public record Setting(Optional<Duration> click, Optional<Duration> delivery) {

    public static final Setting NONE = new Setting(Optional.empty(), Optional.empty());

    /** Refuses a window out of {@link #MIN}..{@link #MAX}, naming it. */
    public Setting {
      check("click_window", click);
      check("delivery_window", delivery);
    }

    private static void check(String name, Optional<Duration> window) {
      if (window.isPresent()
          && (window.get().compareTo(MIN) < 0 || window.get().compareTo(MAX) > 0)) {
        throw new IllegalArgumentException(
            name + " must be between " + MIN + " and " + MAX + " (30 days): " + window.get());
      }
    }
  }

  /** Where the windows campaigns set are kept. */
  public interface Store {
    void save(String campaignId, Setting windows);

    /** {@link Setting#NONE} for a campaign that set none. */
    Setting find(String campaignId);
  }

  private final Store store;
  private final AttributionWindows defaults;

  public CampaignWindows(Store store, AttributionWindows defaults) {
    this.store = store;
    this.defaults = defaults;
  }

  /** Stores the campaign's windows and answers them with the defaults filled in. */
  public AttributionWindows set(String campaignId, Setting windows) {
    store.save(campaignId, windows);
    return resolve(windows);
  }

  /** The windows the campaign's messages attribute orders within. */
  public AttributionWindows of(String campaignId) {
    return resolve(store.find(campaignId));
  }

  /** The service's defaults. */
  public AttributionWindows defaults() {
    return defaults;
  }

  /** How far back any campaign's message may attribute an order. */
  public Duration longest() {
    return defaults.longest().compareTo(MAX) >= 0 ? defaults.longest() : MAX;
  }

  private AttributionWindows resolve(Setting windows) {
    return new AttributionWindows(
        windows.click().orElse(defaults.click()), windows.delivery().orElse(defaults.delivery()));
  }
}
