package dev.relais.scheduler.routing;

import dev.relais.queue.DispatchQueue;
import dev.relais.scheduler.store.RouteStore;
import java.util.List;

/**
 * Declares routes (UpsertRoute): validates them, registers their shards with the dispatch queue,
 * and persists them for the campaign runner's route table.
 */
public final class RouteRegistry {

  private final RouteStore store;
  private final DispatchQueue queue;

  public RouteRegistry(RouteStore store, DispatchQueue queue) {
    this.store = store;
    this.queue = queue;
  }

  /**
   * Declares or updates a route and returns it with defaults filled in.
   *
   * @throws IllegalArgumentException when the route is invalid or would change its shard count
   */
  public RouteDefinition upsert(
      String name, List<String> prefixes, int priority, int shards, RoutePrice price) {
    RouteDefinition route =
        RouteDefinition.validated(name, prefixes, priority, shards).withPrice(price);
    // The queue first: it refuses a shard count change, and a route must exist there before any
    // campaign can pick it.
    queue.registerRoute(route.name(), route.shards());
    store.upsert(route);
    return route;
  }

  public RouteTable table() {
    return RouteTable.of(store.all());
  }
}
