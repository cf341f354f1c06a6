package dev.relais.scheduler.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static RouteDefinition route(String name, int priority, String... prefixes) {
    return RouteDefinition.validated(name, List.of(prefixes), priority, 0);
  }

  private static String pick(RouteTable table, String destination) {
    return table.routeFor(destination).map(RouteDefinition::name).orElse("none");
  }

  @Test
  void longestMatchingPrefixWins() {
    RouteTable table =
        RouteTable.of(List.of(route("fr-all", 10, "+33"), route("fr-mobile", 0, "+336", "+337")));

    assertThat(pick(table, "+33612345678")).isEqualTo("fr-mobile");
    assertThat(pick(table, "+33712345678")).isEqualTo("fr-mobile");
    assertThat(pick(table, "+33112345678")).isEqualTo("fr-all");
  }

  @Test
  void higherPriorityWinsAmongEqualPrefixes() {
    RouteTable table = RouteTable.of(List.of(route("orange", 1, "+33"), route("sfr", 5, "+33")));

    assertThat(pick(table, "+33612345678")).isEqualTo("sfr");
  }

  @Test
  void equalPrefixAndPriorityIsDecidedByNameNotOrder() {
    RouteDefinition b = route("b-route", 1, "+33");
    RouteDefinition a = route("a-route", 1, "+33");

    assertThat(pick(RouteTable.of(List.of(a, b)), "+33612345678")).isEqualTo("a-route");
    assertThat(pick(RouteTable.of(List.of(b, a)), "+33612345678")).isEqualTo("a-route");
  }

  @Test
  void routeWithoutPrefixesServesEverythingAsLastResort() {
    RouteTable table = RouteTable.of(List.of(route("world", 100), route("fr", 0, "+33")));

    assertThat(pick(table, "+33612345678")).isEqualTo("fr");
    assertThat(pick(table, "+447700900123")).isEqualTo("world");
  }

  @Test
  void noRouteForAnUnservedDestination() {
    RouteTable table = RouteTable.of(List.of(route("fr", 0, "+33")));

    assertThat(table.routeFor("+447700900123")).isEmpty();
    assertThat(RouteTable.empty().routeFor("+33612345678")).isEmpty();
  }

  @Test
  void withReplacesARouteOfTheSameName() {
    RouteTable table = RouteTable.of(List.of(route("main", 0, "+33")));
    RouteTable updated = table.with(route("main", 0, "+44"));

    assertThat(pick(updated, "+33612345678")).isEqualTo("none");
    assertThat(pick(updated, "+447700900123")).isEqualTo("main");
    assertThat(pick(table, "+33612345678")).isEqualTo("main");
  }

  @Test
  void validationFillsDefaultShardsAndRejectsBadInput() {
    assertThat(route("fr", 0, "+33").shards()).isEqualTo(16);
    assertThat(RouteDefinition.validated("fr", List.of("+33", "+33"), 0, 4).prefixes())
        .containsExactly("+33");
    assertThatThrownBy(() -> route("Orange FR", 0, "+33")).hasMessageContaining("route name");
    assertThatThrownBy(() -> route("fr", 0, "33")).hasMessageContaining("prefix '33'");
    assertThatThrownBy(() -> RouteDefinition.validated("fr", List.of(), 0, 2000))
        .hasMessageContaining("shards");
  }
}
