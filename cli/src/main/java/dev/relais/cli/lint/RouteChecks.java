package dev.relais.cli.lint;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.operator.model.SmppRouteValidator;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An SmppRoute as the operator checks it and as the scheduler registers it (prefixes, price). */
final class RouteChecks {

  private RouteChecks() {}

  static void check(
      LintedDocument document, SmppRoute route, LintedResources resources, List<Finding> findings) {
    SmppRouteValidator.problems(route).forEach(p -> findings.add(document.error("spec", p)));
    try {
      definition(route);
    } catch (IllegalArgumentException e) {
      findings.add(document.error("spec", "the scheduler refuses the route: " + e.getMessage()));
    }
    String failover = route.getSpec().failoverRoute;
    if (failover != null
        && !failover.isBlank()
        && resources
            .named(SmppRoute.class, "SmppRoute", document.namespace(), failover)
            .isEmpty()) {
      findings.add(
          document.warning(
              "spec.failoverRoute",
              "SmppRoute "
                  + failover
                  + " is not among the linted manifests of namespace "
                  + document.namespace()
                  + " (it may be applied from elsewhere)"));
    }
  }

  /**
   * The route as the scheduler holds it once the operator has registered it (the operator's
   * request, the scheduler's validation and price).
   *
   * @throws IllegalArgumentException when the scheduler would refuse it
   */
  static RouteDefinition definition(SmppRoute route) {
    Route request = CampaignRequestBuilder.route(route);
    return RouteDefinition.validated(
            request.getName(),
            request.getPrefixesList(),
            request.getPriority(),
            request.getShards())
        .withPrice(RoutePrice.parse(request.getCostPerSegment(), request.getCurrency()));
  }

  /** The routes of a namespace the scheduler would accept. */
  static List<RouteDefinition> definitions(LintedResources resources, String namespace) {
    List<RouteDefinition> out = new ArrayList<>();
    for (SmppRoute route : resources.routes(namespace)) {
      try {
        out.add(definition(route));
      } catch (IllegalArgumentException e) {
        // Reported on the route itself.
      }
    }
    return out;
  }

  /** A route of {@code routes} that serves the calling code, when one does. */
  static Optional<RouteDefinition> serving(List<RouteDefinition> routes, String callingCode) {
    Optional<RouteDefinition> best =
        dev.relais.scheduler.routing.RouteTable.of(routes).routeFor(callingCode);
    if (best.isPresent()) {
      return best;
    }
    // A route for a narrower prefix (+336) serves part of the country.
    return routes.stream()
        .filter(r -> r.prefixes().stream().anyMatch(p -> p.startsWith(callingCode)))
        .findFirst();
  }
}
