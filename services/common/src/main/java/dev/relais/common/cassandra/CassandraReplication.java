package dev.relais.common.cassandra;

import dev.relais.common.config.ServiceConfig;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Replication of a service's keyspace, built from validated parts: a strategy and replication
 * factors. The CQL map is rendered here, so no text from the settings ever reaches a statement.
 *
 * <p>The setting {@code cassandra.replication} (CASSANDRA_REPLICATION) reads {@code
 * SimpleStrategy:1} or {@code NetworkTopologyStrategy:dc1=3,dc2=3}. Its default, {@code
 * SimpleStrategy:1}, suits a single local node only; a cluster names its datacenters (the operator
 * always sets it for an SmsPlatform).
 *
 * @param strategy {@code SimpleStrategy} or {@code NetworkTopologyStrategy}
 * @param factors replication factor per datacenter for NetworkTopologyStrategy, or the single
 *     factor under the key {@value #FACTOR} for SimpleStrategy
 */
public record CassandraReplication(String strategy, SortedMap<String, Integer> factors) {

  /** Strategy of a single datacenter: the local node, tests. */
  public static final String SIMPLE = "SimpleStrategy";

  /** Strategy of a production cluster: factors per datacenter. */
  public static final String NETWORK_TOPOLOGY = "NetworkTopologyStrategy";

  /** Key of SimpleStrategy's factor, as Cassandra names it. */
  public static final String FACTOR = "replication_factor";

  /** The services' default: one copy, for the local single node. */
  public static final CassandraReplication LOCAL = simple(1);

  /** Datacenter names as Cassandra's snitches form them; quotes and spaces never pass. */
  private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private static final int MAX_FACTOR = 99;

  public CassandraReplication {
    Objects.requireNonNull(strategy, "strategy");
    factors = new TreeMap<>(factors);
    if (factors.isEmpty()) {
      throw new IllegalArgumentException("replication needs at least one factor");
    }
    factors.forEach(CassandraReplication::checkFactor);
    switch (strategy) {
      case SIMPLE -> {
        if (!factors.keySet().equals(java.util.Set.of(FACTOR))) {
          throw new IllegalArgumentException("SimpleStrategy takes one replication factor");
        }
      }
      case NETWORK_TOPOLOGY -> {
        for (String datacenter : factors.keySet()) {
          if (!DATACENTER.matcher(datacenter).matches()) {
            throw new IllegalArgumentException(
                "not a datacenter name: '" + datacenter + "' (letters, digits, _ . -)");
          }
        }
      }
      default ->
          throw new IllegalArgumentException(
              "replication strategy must be SimpleStrategy or NetworkTopologyStrategy, was "
                  + strategy);
    }
  }

  /** SimpleStrategy with one factor. */
  public static CassandraReplication simple(int factor) {
    return new CassandraReplication(SIMPLE, new TreeMap<>(Map.of(FACTOR, factor)));
  }

  /** NetworkTopologyStrategy with a factor per datacenter. */
  public static CassandraReplication networkTopology(Map<String, Integer> datacenters) {
    return new CassandraReplication(NETWORK_TOPOLOGY, new TreeMap<>(datacenters));
  }

  /** Reads {@code cassandra.replication}; {@link #LOCAL} when it is not set. */
  public static CassandraReplication from(ServiceConfig config) {
    String value = config.string("cassandra.replication", "");
    return value.isBlank() ? LOCAL : parse(value);
  }

  /**
   * Parses the setting's form, {@code SimpleStrategy:1} or {@code NetworkTopologyStrategy:dc1=3}.
   *
   * @throws IllegalArgumentException naming the expected form, e.g. for a CQL map
   */
  public static CassandraReplication parse(String setting) {
    String value = setting.strip();
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw malformed(setting);
    }
    String strategy = value.substring(0, colon).strip();
    String rest = value.substring(colon + 1).strip();
    try {
      if (strategy.equals(SIMPLE)) {
        return simple(factor(rest));
      }
      if (strategy.equals(NETWORK_TOPOLOGY)) {
        Map<String, Integer> datacenters = new TreeMap<>();
        for (String entry : rest.split(",", -1)) {
          int equals = entry.indexOf('=');
          if (equals < 0) {
            throw malformed(setting);
          }
          String datacenter = entry.substring(0, equals).strip();
          if (datacenters.put(datacenter, factor(entry.substring(equals + 1))) != null) {
            throw new IllegalArgumentException("datacenter " + datacenter + " appears twice");
          }
        }
        return networkTopology(datacenters);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cassandra.replication '" + setting + "': " + e.getMessage(), e);
    }
    throw malformed(setting);
  }

  /**
   * The replication Cassandra reports in {@code system_schema.keyspaces}, whose class is fully
   * qualified and whose factors are text.
   *
   * @throws IllegalArgumentException for a strategy or factor this class does not produce
   */
  public static CassandraReplication fromSchema(Map<String, String> replication) {
    String className = replication.getOrDefault("class", "");
    String strategy = className.substring(className.lastIndexOf('.') + 1);
    Map<String, Integer> factors = new TreeMap<>();
    replication.forEach((key, value) -> {
      if (!key.equals("class")) {
        factors.put(key, factor(value));
      }
    });
    return new CassandraReplication(strategy, new TreeMap<>(factors));
  }

  /** The CQL map of {@code CREATE/ALTER KEYSPACE ... WITH replication = }. */
  public String cql() {
    StringBuilder cql = new StringBuilder("{'class': '").append(strategy).append('\'');
    factors.forEach((key, factor) -> cql.append(", '").append(key).append("': ").append(factor));
    return cql.append('}').toString();
  }

  /** Whether this replication keeps copies in the datacenter (always for SimpleStrategy). */
  public boolean covers(String datacenter) {
    return strategy.equals(SIMPLE) || factors.containsKey(datacenter);
  }

  /** The setting's form, as {@link #parse} reads it. */
  @Override
  public String toString() {
    if (strategy.equals(SIMPLE)) {
      return SIMPLE + ":" + factors.get(FACTOR);
    }
    StringBuilder text = new StringBuilder(NETWORK_TOPOLOGY).append(':');
    factors.forEach((dc, factor) -> text.append(dc).append('=').append(factor).append(','));
    return text.substring(0, text.length() - 1);
  }

  private static int factor(String text) {
    String value = text.strip();
    if (!value.matches("[0-9]{1,2}")) {
      throw new IllegalArgumentException("not a replication factor: '" + value + "'");
    }
    return Integer.parseInt(value);
  }

  private static void checkFactor(String key, Integer factor) {
    if (factor == null || factor < 1 || factor > MAX_FACTOR) {
      throw new IllegalArgumentException(
          "replication factor of " + key + " must be within 1.." + MAX_FACTOR + ", was " + factor);
    }
  }

  private static IllegalArgumentException malformed(String setting) {
    return new IllegalArgumentException(
        "cassandra.replication must read SimpleStrategy:<factor> or"
            + " NetworkTopologyStrategy:<datacenter>=<factor>[,...], e.g."
            + " NetworkTopologyStrategy:dc1=3; was '"
            + setting
            + "'");
  }
}
