package dev.relais.operator.model;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an SmppRoute before anything is applied, so that an invalid route changes nothing; the CRD
 * schema enforces most of this already, but not every API server validates.
 */
public final class SmppRouteValidator {

  /** Longest route name whose Deployment name still fits a label value (63 characters). */
  public static final int MAX_NAME_LENGTH = 63 - DispatchDeploymentBuilder.NAME_PREFIX.length();

  private SmppRouteValidator() {}

  /** Readable problems of the route; empty when its dispatch Deployment can be built. */
  public static List<String> problems(SmppRoute route) {
    List<String> problems = new ArrayList<>();
    String name = route.getMetadata() == null ? null : route.getMetadata().getName();
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      problems.add(
          "the route name has "
              + name.length()
              + " characters; at most "
              + MAX_NAME_LENGTH
              + " fit in the name of its dispatch Deployment");
    }
    SmppRouteSpec spec = route.getSpec();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (blank(spec.host)) {
      problems.add("host is missing");
    }
    if (spec.port == null || spec.port < 1 || spec.port > 65535) {
      problems.add("port must be between 1 and 65535");
    }
    if (blank(spec.systemId)) {
      problems.add("systemId is missing");
    }
    if (spec.passwordSecretRef == null
        || blank(spec.passwordSecretRef.name)
        || blank(spec.passwordSecretRef.key)) {
      problems.add("passwordSecretRef needs the name and key of a Secret holding the password");
    }
    if (spec.maxTps == null || spec.maxTps < 1) {
      problems.add("maxTps must be at least 1");
    }
    if (spec.sessions == null || spec.sessions < 1) {
      problems.add("sessions must be at least 1");
    }
    if (spec.windowSize == null || spec.windowSize < 1) {
      problems.add("windowSize must be at least 1");
    }
    if (spec.enquireLinkSeconds == null || spec.enquireLinkSeconds < 1) {
      problems.add("enquireLinkSeconds must be at least 1");
    }
    if (spec.failoverAfter != null && !spec.failoverAfter.isBlank()) {
      if (spec.failoverRoute == null || spec.failoverRoute.isBlank()) {
        problems.add("failoverAfter needs failoverRoute: without one nothing moves");
      }
      String problem = ServiceSettings.durationProblem("failoverAfter", spec.failoverAfter, true);
      if (problem != null) {
        problems.add(problem);
      }
    }
    SmppRouteSpec.Autoscaling scaling = spec.autoscaling;
    if (scaling != null) {
      int min = scaling.minReplicas == null ? 1 : scaling.minReplicas;
      int max = scaling.maxReplicas == null ? 4 : scaling.maxReplicas;
      if (min < 0) {
        problems.add("autoscaling.minReplicas must not be negative");
      }
      if (min > max) {
        problems.add(
            "autoscaling.minReplicas (" + min + ") exceeds autoscaling.maxReplicas (" + max + ")");
      }
    }
    return List.copyOf(problems);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
