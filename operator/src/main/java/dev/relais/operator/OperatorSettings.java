package dev.relais.operator;

import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.model.ReleaseImages;
import dev.relais.operator.reconciler.CampaignReconciler;
import dev.relais.operator.services.OperatorTls;
import dev.relais.operator.services.ServiceAddresses;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read from the environment the Helm chart sets.
 *
 * @param watchNamespaces namespaces to watch; empty means every namespace
 * @param useServerSideApply write with server-side apply (false for API servers without it)
 * @param leaderElection elect one active operator through a Lease
 * @param leaseName name of that Lease
 * @param leaseNamespace namespace of that Lease (the operator's own)
 * @param healthHost address the health endpoints listen on
 * @param healthPort port of the health endpoints; 0 picks a free one
 * @param platform what dispatch Deployments are built with in namespaces without an SmsPlatform;
 *     only when the operator is given RELAIS_CASSANDRA_HOSTS (the local mode), otherwise a route
 *     waits for its namespace's SmsPlatform
 * @param serviceAddresses fixed addresses of the services the operator calls (local mode); by
 *     default those of each namespace's SmsPlatform
 * @param callTimeout longest one gRPC call to a service may take
 * @param campaignTiming how often campaigns are polled and how long a deletion waits
 * @param segmentRefresh how often segment sizes are estimated again
 * @param autoscaleInterval how often each route's queue is read and its replicas reconsidered
 * @param scaleDownStabilisation how long a replica count recommended by the queue holds before
 *     fewer replicas are applied
 * @param tls the operator's own certificate (TLS_CERT, TLS_KEY, TLS_CA), presented to the services
 *     of platforms with mutual TLS; {@link OperatorTls#NONE} without one
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    boolean useServerSideApply,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String healthHost,
    int healthPort,
    Optional<PlatformSettings> platform,
    ServiceAddresses serviceAddresses,
    Duration callTimeout,
    CampaignReconciler.Timing campaignTiming,
    Duration segmentRefresh,
    Duration autoscaleInterval,
    Duration scaleDownStabilisation,
    OperatorTls tls) {

  /** Image of the dispatch service unless RELAIS_DISPATCH_IMAGE says otherwise: this release's. */
  public static final String DEFAULT_DISPATCH_IMAGE = ReleaseImages.image("dispatch");

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Settings from the process environment. */
  public static OperatorSettings fromEnvironment() {
    return from(System.getenv());
  }

  /** Settings from the given variables; a missing one takes its default. */
  public static OperatorSettings from(Map<String, String> env) {
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    Optional<PlatformSettings> platform =
        blank(env.get("RELAIS_CASSANDRA_HOSTS"))
            ? Optional.empty()
            : Optional.of(
                new PlatformSettings(
                    value(env, "RELAIS_DISPATCH_IMAGE", DEFAULT_DISPATCH_IMAGE),
                    value(env, "RELAIS_CASSANDRA_HOSTS", "cassandra:9042"),
                    value(env, "RELAIS_CASSANDRA_PREFIX", "relais"),
                    value(env, "RELAIS_CONTACTS_ADDRESS", "relais-contacts:9091"),
                    value(env, "RELAIS_ANALYTICS_ADDRESS", "relais-analytics:9094"),
                    Integer.parseInt(
                        value(
                            env,
                            "RELAIS_DISPATCH_PORT",
                            String.valueOf(PlatformSettings.DEFAULT_DISPATCH_PORT)))));
    return new OperatorSettings(
        namespaces,
        bool(env, "RELAIS_USE_SSA", true),
        bool(env, "RELAIS_LEADER_ELECTION", false),
        value(env, "RELAIS_LEADER_ELECTION_LEASE", "relais-operator"),
        env.get("RELAIS_LEADER_ELECTION_NAMESPACE"),
        value(env, "SERVER_HOST", "127.0.0.1"),
        Integer.parseInt(value(env, "SERVER_PORT", "8080")),
        platform,
        ServiceAddresses.parse(env.get("RELAIS_SERVICE_ADDRESSES")),
        Duration.parse(value(env, "RELAIS_CALL_TIMEOUT", "PT5S")),
        new CampaignReconciler.Timing(
            Duration.parse(value(env, "RELAIS_CAMPAIGN_POLL", "PT5S")),
            Duration.parse(value(env, "RELAIS_CAMPAIGN_IDLE_POLL", "PT30S")),
            Duration.parse(value(env, "RELAIS_CAMPAIGN_STOP_TIMEOUT", "PT2M")),
            Duration.parse(value(env, "RELAIS_CAMPAIGN_RECEIPT_WINDOW", "PT72H"))),
        Duration.parse(value(env, "RELAIS_SEGMENT_REFRESH", "PT10M")),
        Duration.parse(value(env, "RELAIS_AUTOSCALE_INTERVAL", "PT15S")),
        Duration.parse(value(env, "RELAIS_SCALE_DOWN_STABILISATION", "PT5M")),
        OperatorTls.from(env));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String value(Map<String, String> env, String key, String fallback) {
    String v = env.get(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  private static boolean bool(Map<String, String> env, String key, boolean fallback) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, not " + v);
    };
  }
}
