package dev.relais.scheduler.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RecipientTimeZonesTest {

  private static final ZoneId CAMPAIGN = ZoneId.of("Europe/Madrid");

  @Test
  void regionOfTheNumberWins() {
    assertThat(RecipientTimeZones.zoneOf("FR", "+262692123456", CAMPAIGN))
        .isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(RecipientTimeZones.zoneOf("re", "+33612345678", CAMPAIGN))
        .isEqualTo(ZoneId.of("Indian/Reunion"));
  }

  @Test
  void callingCodeIsUsedWhenTheRegionIsUnknown() {
    assertThat(RecipientTimeZones.zoneOf("", "+33612345678", CAMPAIGN))
        .isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(RecipientTimeZones.zoneOf("", "+262692123456", CAMPAIGN))
        .isEqualTo(ZoneId.of("Indian/Reunion"));
    assertThat(RecipientTimeZones.zoneOf(null, "+596696123456", CAMPAIGN))
        .isEqualTo(ZoneId.of("America/Martinique"));
    assertThat(RecipientTimeZones.zoneOf("", "+32470123456", CAMPAIGN))
        .isEqualTo(ZoneId.of("Europe/Brussels"));
  }

  @Test
  void multiZoneOrUnknownCountriesFallBackToTheCampaignZone() {
    assertThat(RecipientTimeZones.zoneOf("US", "+12025550123", CAMPAIGN)).isEqualTo(CAMPAIGN);
    assertThat(RecipientTimeZones.zoneOf("", "+12025550123", CAMPAIGN)).isEqualTo(CAMPAIGN);
    assertThat(RecipientTimeZones.zoneOf("", "", CAMPAIGN)).isEqualTo(CAMPAIGN);
  }

  @Test
  void theCallingCodeOfAListedRegion() {
    assertThat(RecipientTimeZones.callingCodeOf("FR")).isEqualTo("+33");
    assertThat(RecipientTimeZones.callingCodeOf("be")).isEqualTo("+32");
    assertThat(RecipientTimeZones.callingCodeOf("US")).isNull();
    assertThat(RecipientTimeZones.callingCodeOf(null)).isNull();
  }
}
