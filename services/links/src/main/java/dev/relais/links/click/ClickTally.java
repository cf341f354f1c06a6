package dev.relais.links.click;

import java.util.Map;
import java.util.TreeMap;

/**
 * Click count deltas of one flush, per campaign and variant: what one batch of the click recorder
 * adds to the counters.
 */
public final class ClickTally {

  /** A campaign and variant ("" without one): the key of a counter row. */
  public record Key(String campaignId, String variant) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byCampaign = campaignId.compareTo(other.campaignId);
      return byCampaign != 0 ? byCampaign : variant.compareTo(other.variant);
    }
  }

  /** Deltas of one counter row. */
  public static final class Deltas {
    private long clicks;
    private long uniqueClicks;
    private long botClicks;

    public long clicks() {
      return clicks;
    }

    public long uniqueClicks() {
      return uniqueClicks;
    }

    public long botClicks() {
      return botClicks;
    }
  }

  private final Map<Key, Deltas> deltas = new TreeMap<>();

  /** Counts one click of this kind. */
  public void click(String campaignId, String variant, ClickClassifier.Kind kind) {
    Deltas row = row(campaignId, variant);
    if (kind == ClickClassifier.Kind.BOT) {
      row.botClicks++;
    } else {
      row.clicks++;
    }
  }

  /** Counts a link clicked by a human for the first time. */
  public void firstClick(String campaignId, String variant) {
    row(campaignId, variant).uniqueClicks++;
  }

  public Map<Key, Deltas> deltas() {
    return deltas;
  }

  public boolean isEmpty() {
    return deltas.isEmpty();
  }

  private Deltas row(String campaignId, String variant) {
    return deltas.computeIfAbsent(new Key(campaignId, variant), k -> new Deltas());
  }
}
