package dev.relais.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinksSettingsTest {

  private static LinksServer.Settings settings(Map<String, String> values) {
    return LinksServer.Settings.from(ServiceConfig.of("links", values));
  }

  @Test
  void linksLiveNinetyDaysAndFallBackToTheBaseUrlByDefault() {
    LinksServer.Settings settings = settings(Map.of("links.baseurl", "https://r.example.fr/"));
    assertThat(settings.baseUrl()).isEqualTo("https://r.example.fr");
    assertThat(settings.fallbackUrl()).isEqualTo("https://r.example.fr");
    assertThat(settings.lifetime()).isEqualTo(Duration.ofDays(90));
    assertThat(settings.aggregateOnly()).as("per-link tracking unless asked").isFalse();
  }

  @Test
  void aggregateOnlyTrackingIsASetting() {
    assertThat(
            settings(Map.of("links.baseurl", "https://r.example.fr", "links.aggregateonly", "true"))
                .aggregateOnly())
        .isTrue();
  }

  @Test
  void lifetimeAndFallbackAreSettable() {
    LinksServer.Settings settings =
        settings(
            Map.of(
                "links.baseurl", "https://r.example.fr",
                "links.fallbackurl", "https://www.example.fr/offres",
                "links.lifetime", "P30D"));
    assertThat(settings.fallbackUrl()).isEqualTo("https://www.example.fr/offres");
    assertThat(settings.lifetime()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aMissingOrUnusableUrlStopsTheServiceNamingTheSetting() {
    assertThatThrownBy(() -> settings(Map.of()))
        .hasMessageContaining("links.baseurl")
        .hasMessageContaining("LINKS_BASEURL");
    assertThatThrownBy(() -> settings(Map.of("links.baseurl", "r.example.fr")))
        .hasMessageContaining("LINKS_BASEURL");
    assertThatThrownBy(() ->
            settings(
                Map.of("links.baseurl", "https://r.example.fr", "links.fallbackurl", "ftp://x")))
        .hasMessageContaining("LINKS_FALLBACKURL");
    assertThatThrownBy(() ->
            settings(Map.of("links.baseurl", "https://r.example.fr", "links.lifetime", "PT0S")))
        .hasMessageContaining("links.lifetime");
  }

  @Test
  void aLinkLivesNoLongerThanTheRecordOfItsMessageThatErasureFindsItBy() {
    assertThat(
            settings(Map.of("links.baseurl", "https://r.example.fr", "links.lifetime", "P90D"))
                .lifetime())
        .isEqualTo(Duration.ofDays(90));
    assertThatThrownBy(() ->
            settings(Map.of("links.baseurl", "https://r.example.fr", "links.lifetime", "P91D")))
        .hasMessageContaining("links.lifetime is at most P90D");
  }

  @Test
  void clicksWithinTenSecondsOfTheDeliveryArePrefetchesUnlessSetOtherwise() {
    LinksServer.Settings defaults = settings(Map.of("links.baseurl", "https://r.example.fr"));
    assertThat(defaults.prefetchWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.analytics()).as("no receipts to read without analytics").isEmpty();
    LinksServer.Settings set =
        settings(
            Map.of(
                "links.baseurl", "https://r.example.fr",
                "links.prefetchwindow", "PT5S",
                "analytics.address", "relais-analytics"));
    assertThat(set.prefetchWindow()).isEqualTo(Duration.ofSeconds(5));
    assertThat(set.analytics())
        .map(a -> a.host() + ":" + a.port())
        .contains("relais-analytics:9094");
    assertThatThrownBy(() ->
            settings(
                Map.of("links.baseurl", "https://r.example.fr", "links.prefetchwindow", "PT2M")))
        .hasMessageContaining("links.prefetchwindow");
  }
}
