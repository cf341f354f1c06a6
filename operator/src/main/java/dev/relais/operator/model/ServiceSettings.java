package dev.relais.operator.model;

import dev.relais.operator.api.SmsPlatformSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented settings of the scheduler, contacts and dispatch that an SmsPlatform sets ({@code
 * spec.compliance}, {@code spec.retention}, {@code spec.dispatch}), as the environment variables
 * each service reads; a setting left unset is not given, so the service's own default applies.
 */
public final class ServiceSettings {

  private ServiceSettings() {}

  /** COMPLIANCE_POLICIES and VELOCITY_* for the scheduler. */
  public static Map<String, String> scheduler(SmsPlatformSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    SmsPlatformSpec.Compliance compliance = spec.compliance;
    if (compliance == null) {
      return env;
    }
    if (compliance.policies != null && !compliance.policies.isEmpty()) {
      // The scheduler reads its declarations separated by ';' (docs/compliance.md).
      env.put(
          "COMPLIANCE_POLICIES",
          String.join("; ", compliance.policies.stream().map(String::strip).toList()));
    }
    SmsPlatformSpec.Velocity velocity = compliance.velocity;
    if (velocity != null) {
      put(env, "VELOCITY_LIMIT", velocity.limit);
      put(env, "VELOCITY_WINDOW", velocity.window);
      put(env, "VELOCITY_DIGITS", velocity.digits);
    }
    return env;
  }

  /** RETENTION_* for contacts. */
  public static Map<String, String> contacts(SmsPlatformSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    SmsPlatformSpec.Retention retention = spec.retention;
    if (retention != null) {
      put(env, "RETENTION_INACTIVE", retention.inactive);
      put(env, "RETENTION_PERIOD", retention.period);
      put(env, "RETENTION_BATCH", retention.batch);
    }
    return env;
  }

  /** DISPATCH_OPTOUTPOLL for every dispatch process of the platform. */
  public static Map<String, String> dispatch(SmsPlatformSpec spec) {
    Map<String, String> env = new LinkedHashMap<>();
    if (spec.dispatch != null) {
      put(env, "DISPATCH_OPTOUTPOLL", spec.dispatch.optOutPoll);
    }
    return env;
  }

  /**
   * What the CRD schema cannot say about these settings: durations the services could not read
   * (such as "P", which the pattern lets through), and purges or polls that would never run.
   */
  static List<String> problems(SmsPlatformSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.compliance != null && spec.compliance.velocity != null) {
      positive(problems, "compliance.velocity.window", spec.compliance.velocity.window);
    }
    if (spec.retention != null) {
      duration(problems, "retention.inactive", spec.retention.inactive);
      positive(problems, "retention.period", spec.retention.period);
    }
    if (spec.dispatch != null) {
      positive(problems, "dispatch.optOutPoll", spec.dispatch.optOutPoll);
    }
    return problems;
  }

  private static void put(Map<String, String> env, String name, Object value) {
    if (value != null && !value.toString().isBlank()) {
      env.put(name, value.toString().strip());
    }
  }

  /**
   * Why {@code value} of {@code field} is not a duration the services can read (ISO-8601, longer
   * than zero unless {@code zeroAllowed}); null when it is, or when it is unset.
   */
  static String durationProblem(String field, String value, boolean zeroAllowed) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Duration duration;
    try {
      duration = Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      return field + ": \"" + value + "\" is not an ISO-8601 duration such as PT1H or P30D";
    }
    if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
      return field + " must be longer than zero, not " + value;
    }
    return null;
  }

  private static void duration(List<String> problems, String field, String value) {
    String problem = durationProblem(field, value, true);
    if (problem != null) {
      problems.add(problem);
    }
  }

  private static void positive(List<String> problems, String field, String value) {
    String problem = durationProblem(field, value, false);
    if (problem != null) {
      problems.add(problem);
    }
  }
}
