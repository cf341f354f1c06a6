package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.analytics.conversion.Attribution.Kind;
import dev.relais.analytics.conversion.Attribution.Result;
import dev.relais.analytics.conversion.Attribution.Touch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AttributionTest {

  private static final Instant ORDER = Instant.parse("2026-04-10T12:00:00Z");
  private static final AttributionWindows DEFAULTS =
      new AttributionWindows(AttributionWindows.DEFAULT_CLICK, AttributionWindows.DEFAULT_DELIVERY);

  @Test
  void theDefaultWindowsAreFiveDaysForAClickAndADayForADelivery() {
    assertThat(DEFAULTS.click()).isEqualTo(Duration.ofDays(5));
    assertThat(DEFAULTS.delivery()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theLastClickWithinTheWindowWinsOverAnEarlierClickAndAnyDelivery() {
    Touch older = touch("spring", "A", "m1", ORDER.minus(Duration.ofDays(3)));
    Touch latest = touch("summer", "B", "m2", ORDER.minus(Duration.ofHours(30)));
    Touch delivered = touch("autumn", "", "m3", ORDER.minus(Duration.ofMinutes(5)));

    Result result =
        Attribution.attribute(ORDER, DEFAULTS, List.of(older, latest), List.of(delivered));

    assertThat(result).isEqualTo(new Result(Kind.CLICK, Optional.of(latest)));
  }

  @Test
  void aClickExactlyAtTheWindowEndStillCountsAndOneInstantEarlierDoesNot() {
    Touch atEdge = touch("spring", "A", "m1", ORDER.minus(Duration.ofDays(5)));
    Touch justOutside = touch("spring", "A", "m2", ORDER.minus(Duration.ofDays(5)).minusNanos(1));

    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(atEdge), List.of()))
        .isEqualTo(new Result(Kind.CLICK, Optional.of(atEdge)));
    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(justOutside), List.of()))
        .isEqualTo(Result.NONE);
  }

  @Test
  void aClickOlderThanTheWindowGivesWayToARecentDelivery() {
    Touch oldClick = touch("spring", "A", "m1", ORDER.minus(Duration.ofDays(6)));
    Touch delivered = touch("summer", "B", "m2", ORDER.minus(Duration.ofHours(2)));

    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(oldClick), List.of(delivered)))
        .isEqualTo(new Result(Kind.DELIVERY, Optional.of(delivered)));
  }

  @Test
  void aDeliveryExactlyADayBeforeCountsAndOneInstantEarlierDoesNot() {
    Touch atEdge = touch("spring", "", "m1", ORDER.minus(Duration.ofHours(24)));
    Touch justOutside = touch("spring", "", "m2", ORDER.minus(Duration.ofHours(24)).minusMillis(1));

    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(), List.of(atEdge)))
        .isEqualTo(new Result(Kind.DELIVERY, Optional.of(atEdge)));
    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(), List.of(justOutside)))
        .isEqualTo(Result.NONE);
  }

  @Test
  void theLastOfSeveralDeliveriesWins() {
    Touch earlier = touch("spring", "A", "m1", ORDER.minus(Duration.ofHours(20)));
    Touch later = touch("spring", "B", "m2", ORDER.minus(Duration.ofHours(1)));

    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(), List.of(later, earlier)))
        .isEqualTo(new Result(Kind.DELIVERY, Optional.of(later)));
  }

  @Test
  void whatHappensAfterTheOrderNeverLedToIt() {
    Touch clickAfter = touch("spring", "A", "m1", ORDER.plusSeconds(1));
    Touch deliveryAfter = touch("spring", "A", "m2", ORDER.plusSeconds(1));
    Touch clickAtTheOrder = touch("spring", "A", "m3", ORDER);

    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(clickAfter), List.of(deliveryAfter)))
        .isEqualTo(Result.NONE);
    assertThat(
            Attribution.attribute(ORDER, DEFAULTS, List.of(clickAfter, clickAtTheOrder), List.of()))
        .isEqualTo(new Result(Kind.CLICK, Optional.of(clickAtTheOrder)));
  }

  @Test
  void nothingAtAllAttributesToNothing() {
    assertThat(Attribution.attribute(ORDER, DEFAULTS, List.of(), List.of())).isEqualTo(Result.NONE);
  }

  @Test
  void windowsSetOtherwiseMoveTheEdges() {
    AttributionWindows tight = new AttributionWindows(Duration.ofHours(1), Duration.ofMinutes(30));
    Touch click = touch("spring", "A", "m1", ORDER.minus(Duration.ofHours(2)));
    Touch delivered = touch("spring", "A", "m2", ORDER.minus(Duration.ofMinutes(20)));

    assertThat(Attribution.attribute(ORDER, tight, List.of(click), List.of(delivered)))
        .isEqualTo(new Result(Kind.DELIVERY, Optional.of(delivered)));
  }

  @Test
  void deliveriesAreNotReadWhenAClickAttributesTheOrder() {
    Touch click = touch("spring", "A", "m1", ORDER.minus(Duration.ofHours(2)));

    Result result =
        Attribution.attribute(
            ORDER,
            DEFAULTS,
            List.of(click),
            () -> {
              throw new AssertionError("deliveries read although a click attributes the order");
            });

    assertThat(result.kind()).isEqualTo(Kind.CLICK);
  }

  @Test
  void eachMessageCountsWithinItsOwnCampaignsClickWindow() {
    // "flash" keeps clicks one day; "spring" the default five days.
    Map<String, AttributionWindows> set =
        Map.of("shop/flash", new AttributionWindows(Duration.ofDays(1), Duration.ofHours(24)));
    Function<String, AttributionWindows> windows = c -> set.getOrDefault(c, DEFAULTS);
    Touch flashClick = touch("flash", "A", "m1", ORDER.minus(Duration.ofHours(30)));
    Touch springClick = touch("spring", "A", "m2", ORDER.minus(Duration.ofDays(3)));

    // The later click is out of its campaign's window: the earlier one, in its own, wins.
    assertThat(
            Attribution.attribute(
                ORDER, windows, List.of(flashClick, springClick), List::<Touch>of))
        .isEqualTo(new Result(Kind.CLICK, Optional.of(springClick)));
    // Within "flash"'s day it wins as the later click.
    Touch recentFlash = touch("flash", "A", "m3", ORDER.minus(Duration.ofHours(23)));
    assertThat(
            Attribution.attribute(
                ORDER, windows, List.of(recentFlash, springClick), List::<Touch>of))
        .isEqualTo(new Result(Kind.CLICK, Optional.of(recentFlash)));
  }

  @Test
  void aCampaignsLongerWindowReachesBeyondTheDefaults() {
    Map<String, AttributionWindows> set =
        Map.of("shop/sales", new AttributionWindows(Duration.ofDays(14), Duration.ofDays(3)));
    Function<String, AttributionWindows> windows = c -> set.getOrDefault(c, DEFAULTS);
    Touch salesClick = touch("sales", "", "m1", ORDER.minus(Duration.ofDays(10)));
    Touch springClick = touch("spring", "", "m2", ORDER.minus(Duration.ofDays(10)));
    Touch salesDelivery = touch("sales", "", "m3", ORDER.minus(Duration.ofHours(48)));
    Touch springDelivery = touch("spring", "", "m4", ORDER.minus(Duration.ofHours(36)));

    assertThat(Attribution.attribute(ORDER, windows, List.of(salesClick), List::<Touch>of))
        .isEqualTo(new Result(Kind.CLICK, Optional.of(salesClick)));
    assertThat(Attribution.attribute(ORDER, windows, List.of(springClick), List::<Touch>of))
        .isEqualTo(Result.NONE);
    // The later delivery is out of the default day; the earlier one within its campaign's 3 days.
    assertThat(
            Attribution.attribute(
                ORDER, windows, List.of(), () -> List.of(salesDelivery, springDelivery)))
        .isEqualTo(new Result(Kind.DELIVERY, Optional.of(salesDelivery)));
  }

  @Test
  void aCampaignsWindowsAreAskedOnceAnOrder() {
    List<String> asked = new java.util.ArrayList<>();
    Function<String, AttributionWindows> windows =
        c -> {
          asked.add(c);
          return DEFAULTS;
        };
    Attribution.attribute(
        ORDER,
        windows,
        List.of(
            touch("spring", "A", "m1", ORDER.minus(Duration.ofDays(9))),
            touch("spring", "A", "m2", ORDER.minus(Duration.ofDays(8)))),
        () -> List.of(touch("spring", "A", "m3", ORDER.minus(Duration.ofDays(7)))));
    assertThat(asked).containsExactly("shop/spring");
  }

  private static Touch touch(String campaign, String variant, String message, Instant at) {
    return new Touch("shop/" + campaign, variant, message, at);
  }
}
