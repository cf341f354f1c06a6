package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignWindowsTest {

  private static final AttributionWindows DEFAULTS =
      new AttributionWindows(AttributionWindows.DEFAULT_CLICK, AttributionWindows.DEFAULT_DELIVERY);

  /** The store as a map, as Cassandra keeps it: a row per campaign that set a window. */
  private final Map<String, CampaignWindows.Setting> rows = new HashMap<>();

  private final CampaignWindows windows =
      new CampaignWindows(
          new CampaignWindows.Store() {
            @Override
            public void save(String campaignId, CampaignWindows.Setting setting) {
              rows.put(campaignId, setting);
            }

            @Override
            public CampaignWindows.Setting find(String campaignId) {
              return rows.getOrDefault(campaignId, CampaignWindows.Setting.NONE);
            }
          },
          DEFAULTS);

  @Test
  void aWindowLeftUnsetIsTheServicesDefault() {
    assertThat(
            windows.set(
                "shop/flash",
                new CampaignWindows.Setting(Optional.of(Duration.ofDays(1)), Optional.empty())))
        .isEqualTo(new AttributionWindows(Duration.ofDays(1), Duration.ofHours(24)));
    assertThat(windows.of("shop/flash"))
        .isEqualTo(new AttributionWindows(Duration.ofDays(1), Duration.ofHours(24)));
    assertThat(windows.of("shop/other")).isEqualTo(DEFAULTS);
  }

  @Test
  void windowsOutsideOneMinuteToThirtyDaysAreRefusedNamingTheWindow() {
    assertThatThrownBy(
            () -> new CampaignWindows.Setting(Optional.of(Duration.ofDays(31)), Optional.empty()))
        .hasMessageContaining("click_window")
        .hasMessageContaining("30 days");
    assertThatThrownBy(() ->
            new CampaignWindows.Setting(Optional.empty(), Optional.of(Duration.ofSeconds(59))))
        .hasMessageContaining("delivery_window");
    assertThat(
            new CampaignWindows.Setting(
                    Optional.of(Duration.ofMinutes(1)), Optional.of(Duration.ofDays(30)))
                .click())
        .contains(Duration.ofMinutes(1));
  }

  @Test
  void ordersLookAsFarBackAsTheLongestWindowACampaignMaySet() {
    assertThat(windows.longest()).isEqualTo(Duration.ofDays(30));
  }
}
