package dev.relais.scheduler.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the route of a destination: the longest declared prefix that matches it wins, then the
 * highest priority, then the route name (so the choice never depends on declaration order). A route
 * without prefixes serves every destination with a zero-length match.
 *
 * <p>Immutable: an updated table is a new instance, so an expansion in progress sees one consistent
 * set of routes.
 */
public final class RouteTable {

  /** One (prefix, route) pair, sorted so that the first match is the winner. */
  private record Entry(String prefix, RouteDefinition route) {}

  private static final Comparator<Entry> BEST_FIRST =
      Comparator.<Entry>comparingInt(e -> -e.prefix().length())
          .thenComparingInt(e -> -e.route().priority())
          .thenComparing(e -> e.route().name());

  private final Map<String, RouteDefinition> routes;
  private final List<Entry> entries;

  private RouteTable(Map<String, RouteDefinition> routes) {
    this.routes = routes;
    List<Entry> all = new ArrayList<>();
    for (RouteDefinition route : routes.values()) {
      if (route.prefixes().isEmpty()) {
        all.add(new Entry("", route));
      }
      for (String prefix : route.prefixes()) {
        all.add(new Entry(prefix, route));
      }
    }
    all.sort(BEST_FIRST);
    this.entries = List.copyOf(all);
  }

  public static RouteTable of(Collection<RouteDefinition> routes) {
    Map<String, RouteDefinition> byName = new LinkedHashMap<>();
    routes.forEach(r -> byName.put(r.name(), r));
    return new RouteTable(byName);
  }

  public static RouteTable empty() {
    return of(List.of());
  }

  /** A table where {@code route} is added or replaces the route of the same name. */
  public RouteTable with(RouteDefinition route) {
    Map<String, RouteDefinition> byName = new LinkedHashMap<>(routes);
    byName.put(route.name(), route);
    return new RouteTable(byName);
  }

  /** The route for an E.164 destination, or empty when no route serves it. */
  public Optional<RouteDefinition> routeFor(String destination) {
    for (Entry entry : entries) {
      if (destination.startsWith(entry.prefix())) {
        return Optional.of(entry.route());
      }
    }
    return Optional.empty();
  }

  public Collection<RouteDefinition> routes() {
    return routes.values();
  }
}
