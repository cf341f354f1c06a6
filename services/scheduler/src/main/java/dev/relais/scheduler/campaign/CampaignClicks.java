package dev.relais.scheduler.campaign;

import dev.relais.proto.scheduler.v1.ClickCounts;
import java.util.Map;
import java.util.Optional;

/** Clicks on a campaign's tracked links, as the links service counts them. */
@FunctionalInterface
public interface CampaignClicks {

  /** The platform runs no links service: clicks are never known. */
  CampaignClicks NONE = campaignId -> Optional.empty();

  /**
   * A campaign's clicks.
   *
   * @param total every click of the campaign
   * @param variants the clicks by A/B variant name, for the variants clicked so far
   */
  record Clicks(ClickCounts total, Map<String, ClickCounts> variants) {

    public Clicks {
      variants = Map.copyOf(variants);
    }

    /** The clicks of {@code variant}: none when nobody clicked its links yet. */
    public ClickCounts of(String variant) {
      return variants.getOrDefault(variant, ClickCounts.getDefaultInstance());
    }
  }

  /** The campaign's clicks, empty when they cannot be known now (the links service is down). */
  Optional<Clicks> of(String campaignId);
}
