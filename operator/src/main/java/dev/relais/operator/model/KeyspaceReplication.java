package dev.relais.operator.model;

import dev.relais.operator.api.SmsPlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The keyspace replication an SmsPlatform asks for, as the services' {@code CASSANDRA_REPLICATION}
 * reads it ({@code SimpleStrategy:1}, {@code NetworkTopologyStrategy:dc1=3,dc2=3}). A platform that
 * names none gets {@value #DEFAULT_FACTOR} copies in its datacenter: a cluster default, never the
 * single copy that suits only a laptop node.
 */
public final class KeyspaceReplication {

  /** Copies per row in the local datacenter when the platform names no replication. */
  public static final int DEFAULT_FACTOR = 3;

  private static final Pattern DATACENTER = Pattern.compile(SmsPlatformSpec.Replication.DATACENTER);

  private KeyspaceReplication() {}

  /** The setting for the services; the default when {@code cassandra.replication} is absent. */
  public static String setting(SmsPlatformSpec.Cassandra cassandra) {
    SmsPlatformSpec.Replication replication = cassandra.replication;
    if (replication == null) {
      return "NetworkTopologyStrategy:" + datacenter(cassandra) + "=" + DEFAULT_FACTOR;
    }
    if ("SimpleStrategy".equals(replication.strategy)) {
      return "SimpleStrategy:" + replication.factor;
    }
    StringBuilder setting = new StringBuilder("NetworkTopologyStrategy:");
    new TreeMap<>(replication.datacenters)
        .forEach((dc, factor) -> setting.append(dc).append('=').append(factor).append(','));
    return setting.substring(0, setting.length() - 1);
  }

  /** Whether the platform left the replication to the default. */
  public static boolean isDefault(SmsPlatformSpec.Cassandra cassandra) {
    return cassandra.replication == null;
  }

  /**
   * Readable problems of the replication, for API servers that do not run the CRD's rules; empty
   * when {@link #setting} can be rendered.
   */
  public static List<String> problems(SmsPlatformSpec.Cassandra cassandra) {
    List<String> problems = new ArrayList<>();
    String local = datacenter(cassandra);
    if (!DATACENTER.matcher(local).matches()) {
      problems.add("cassandra.datacenter \"" + local + "\" is not a datacenter name");
    }
    SmsPlatformSpec.Replication replication = cassandra.replication;
    if (replication == null) {
      return problems;
    }
    if ("SimpleStrategy".equals(replication.strategy)) {
      if (replication.factor == null || replication.datacenters != null) {
        problems.add("cassandra.replication: SimpleStrategy takes factor, not datacenters");
      } else if (!validFactor(replication.factor)) {
        problems.add("cassandra.replication.factor must be within 1..99");
      }
    } else if ("NetworkTopologyStrategy".equals(replication.strategy)) {
      Map<String, Integer> datacenters = replication.datacenters;
      if (datacenters == null || datacenters.isEmpty() || replication.factor != null) {
        problems.add(
            "cassandra.replication: NetworkTopologyStrategy takes datacenters (name: factor),"
                + " not factor");
        return problems;
      }
      datacenters.forEach((dc, factor) -> {
        if (dc == null || !DATACENTER.matcher(dc).matches()) {
          problems.add("cassandra.replication.datacenters: \"" + dc + "\" is not a name");
        } else if (!validFactor(factor)) {
          problems.add("cassandra.replication.datacenters." + dc + " must be within 1..99");
        }
      });
      if (!datacenters.containsKey(local)) {
        problems.add(
            "cassandra.replication.datacenters must include the local datacenter " + local);
      }
    } else {
      problems.add(
          "cassandra.replication.strategy must be SimpleStrategy or NetworkTopologyStrategy");
    }
    return problems;
  }

  private static String datacenter(SmsPlatformSpec.Cassandra cassandra) {
    return Objects.requireNonNullElse(cassandra.datacenter, "datacenter1");
  }

  private static boolean validFactor(Integer factor) {
    return factor != null && factor >= 1 && factor <= 99;
  }
}
