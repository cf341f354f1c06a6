package dev.relais.operator.services;

import java.util.Optional;

/**
 * Where the operator reaches the services of one namespace's platform, as host:port; empty when the
 * namespace runs no such service.
 *
 * @param scheduler the scheduler (campaigns, routes)
 * @param contacts the contacts service (segment estimates)
 * @param analytics the analytics service (delivery counts)
 */
public record PlatformEndpoints(
    Optional<String> scheduler, Optional<String> contacts, Optional<String> analytics) {

  /** No service is reachable. */
  public static final PlatformEndpoints NONE =
      new PlatformEndpoints(Optional.empty(), Optional.empty(), Optional.empty());
}
