package dev.relais.operator.reconciler;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.operator.services.SchedulerGateway;
import dev.relais.operator.services.ServiceCallException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares each route to its namespace's scheduler once per generation (and again after an operator
 * restart: the call is idempotent), so that campaigns can queue messages for it.
 */
final class RouteRegistration {

  private final SchedulerGateway scheduler;
  private final Map<ResourceID, String> registered = new ConcurrentHashMap<>();

  RouteRegistration(SchedulerGateway scheduler) {
    this.scheduler = scheduler;
  }

  /** Registers the route unless already done; the error, when the scheduler refused or failed. */
  Optional<String> register(SmppRoute route, String schedulerAddress) {
    ResourceID id = ResourceID.fromResource(route);
    String version = route.getMetadata().getGeneration() + "@" + schedulerAddress;
    if (version.equals(registered.get(id))) {
      return Optional.empty();
    }
    try {
      scheduler.upsertRoute(schedulerAddress, CampaignRequestBuilder.route(route));
      registered.put(id, version);
      return Optional.empty();
    } catch (ServiceCallException e) {
      return Optional.of(e.getMessage());
    }
  }
}
