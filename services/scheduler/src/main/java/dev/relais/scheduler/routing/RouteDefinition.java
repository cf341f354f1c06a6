package dev.relais.scheduler.routing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A route messages can be queued for: the E.164 prefixes it serves (none = every destination), its
 * priority among routes serving the same prefix, its queue shard count and the price of a part.
 */
public record RouteDefinition(
    String name, List<String> prefixes, int priority, int shards, RoutePrice price) {

  /** Shards of a route declared without a count. */
  public static final int DEFAULT_SHARDS = 16;

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
  private static final Pattern PREFIX = Pattern.compile("\\+[1-9][0-9]{0,14}");

  public RouteDefinition {
    prefixes = List.copyOf(prefixes);
    price = price == null ? RoutePrice.UNKNOWN : price;
  }

  /** The same route at {@code newPrice}. */
  public RouteDefinition withPrice(RoutePrice newPrice) {
    return new RouteDefinition(name, prefixes, priority, shards, newPrice);
  }

  /**
   * Checks a route as declared by a caller and fills the default shard count.
   *
   * @throws IllegalArgumentException with a message naming the bad field
   */
  public static RouteDefinition validated(
      String name, List<String> prefixes, int priority, int shards) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "route name '"
              + name
              + "' must be 1-63 lower-case letters, digits, '-' or '.', starting and ending with"
              + " a letter or digit");
    }
    for (String prefix : prefixes) {
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "route " + name + ": prefix '" + prefix + "' must be '+' and digits, e.g. +33");
      }
    }
    if (shards < 0 || shards > 1024) {
      throw new IllegalArgumentException(
          "route " + name + ": shards must be within 1..1024 (0 means " + DEFAULT_SHARDS + ")");
    }
    return new RouteDefinition(
        name,
        prefixes.stream().distinct().toList(),
        priority,
        shards == 0 ? DEFAULT_SHARDS : shards,
        RoutePrice.UNKNOWN);
  }
}
