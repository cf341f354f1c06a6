package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the local demo reads from the local cluster while it waits: Deployments, routes, campaigns.
 */
final class ClusterProgress {

  private static final Duration CAMPAIGN_TIMEOUT = Duration.ofMinutes(30);

  private final LocalCluster cluster;
  private final PrintStream log;

  ClusterProgress(LocalCluster cluster, PrintStream log) {
    this.cluster = cluster;
    this.log = log;
  }

  /** Prints the Campaign's status as it changes until it is Completed or Failed. */
  Campaign.Status follow(Campaign campaign) {
    String name = campaign.getMetadata().getName();
    String namespace = campaign.getMetadata().getNamespace();
    Instant giveUp = Instant.now().plus(CAMPAIGN_TIMEOUT);
    String last = "";
    while (Instant.now().isBefore(giveUp)) {
      Campaign current =
          cluster.client().resources(Campaign.class).inNamespace(namespace).withName(name).get();
      Campaign.Status status = current == null ? null : current.getStatus();
      if (status != null && status.phase != null) {
        String line =
            status.phase
                + (status.progress == null ? "" : " " + status.progress)
                + (status.deliveryRate == null ? "" : ", delivered " + status.deliveryRate);
        if (!line.equals(last)) {
          log.printf("  [%tT] %s%n", Instant.now().toEpochMilli(), line);
          last = line;
        }
        if ("Completed".equals(status.phase) || "Failed".equals(status.phase)) {
          return status;
        }
      }
      sleep(1000);
    }
    throw new IllegalStateException(
        "campaign " + namespace + "/" + name + " not finished within " + CAMPAIGN_TIMEOUT);
  }

  /** Whether the Deployment has a ready replica. */
  boolean deploymentReady(String deployment) {
    Deployment d =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(cluster.namespace())
            .withName(deployment)
            .get();
    return d != null
        && d.getStatus() != null
        && Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0) > 0;
  }

  /** Whether the operator reports the route Ready (its dispatch bound to its SMSC). */
  boolean routeReady(SmppRoute route) {
    SmppRoute current =
        cluster
            .client()
            .resources(SmppRoute.class)
            .inNamespace(route.getMetadata().getNamespace())
            .withName(route.getMetadata().getName())
            .get();
    return current != null
        && current.getStatus() != null
        && current.getStatus().conditions.stream()
            .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }

  static void await(String what, BooleanSupplier condition, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new IllegalStateException(what + ": not within " + timeout);
      }
      sleep(250);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
