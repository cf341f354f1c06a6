package dev.relais.operator.model;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an SmsPlatform before anything is applied, so that an invalid platform changes nothing;
 * the CRD schema enforces most of this already, but not every API server validates.
 */
public final class SmsPlatformValidator {

  /** Longest platform name whose object names ("-scheduler" appended) fit 63 characters. */
  public static final int MAX_NAME_LENGTH = 63 - "-scheduler".length();

  private static final Pattern CONTACT_POINT = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private SmsPlatformValidator() {}

  /** Readable problems of the platform; empty when its services can be built. */
  public static List<String> problems(SmsPlatform platform) {
    List<String> problems = new ArrayList<>();
    String name = platform.getMetadata().getName();
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      problems.add(
          "the platform name has "
              + name.length()
              + " characters; at most "
              + MAX_NAME_LENGTH
              + " fit in the names of its services");
    }
    SmsPlatformSpec spec = platform.getSpec();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    if (spec.version == null || !TAG.matcher(spec.version).matches()) {
      problems.add("version must be an image tag such as 0.1.0");
    }
    if (spec.cassandra != null) {
      problems.addAll(KeyspaceReplication.problems(spec.cassandra));
      if (spec.cassandra.tlsTrust != null && !Boolean.TRUE.equals(spec.cassandra.tls)) {
        problems.add("cassandra.tlsTrust needs cassandra.tls: true");
      }
    }
    if (spec.cassandra == null
        || spec.cassandra.contactPoints == null
        || spec.cassandra.contactPoints.isEmpty()) {
      problems.add("cassandra.contactPoints needs at least one host:port");
    } else {
      for (String point : spec.cassandra.contactPoints) {
        if (point == null || !CONTACT_POINT.matcher(point).matches()) {
          problems.add("cassandra.contactPoints: \"" + point + "\" is not a host or host:port");
        }
      }
    }
    problems.addAll(PlatformTls.problems(spec.tls));
    problems.addAll(ServiceSettings.problems(spec));
    return List.copyOf(problems);
  }
}
