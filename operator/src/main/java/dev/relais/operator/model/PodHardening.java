package dev.relais.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every pod the operator creates runs with, whatever the service: the Pod Security
 * "restricted" profile with a read-only root filesystem and a writable /tmp, bounded resources, a
 * spread over zones and nodes, a ServiceAccount of its own without an API token (no service calls
 * the Kubernetes API), and a PodDisruptionBudget once it runs more than one replica.
 */
public final class PodHardening {

  /** User and group the containers run as (not root; the operator's own pod uses the same). */
  public static final long USER_ID = 10001L;

  /** Name of the emptyDir volume mounted at /tmp, the only place the JVM writes to. */
  public static final String TMP_VOLUME = "tmp";

  /** Where the writable volume is mounted: the JVM's default java.io.tmpdir. */
  public static final String TMP_PATH = "/tmp";

  /** CPU requested when the resource does not say. */
  public static final String DEFAULT_CPU = "250m";

  /** Memory requested, and the limit, when the resource does not say. */
  public static final String DEFAULT_MEMORY = "512Mi";

  private static final List<String> SPREAD_KEYS =
      List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname");

  private PodHardening() {}

  /**
   * Hardens the pod template of {@code deployment} in place and returns it: security contexts, /tmp
   * volume, {@code resources} on every container, topology spread over the Deployment's selector,
   * and the ServiceAccount named as the Deployment (see {@link #serviceAccount}).
   */
  public static Deployment harden(Deployment deployment, ResourceRequirements resources) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    pod.setSecurityContext(podSecurityContext());
    pod.setServiceAccountName(deployment.getMetadata().getName());
    pod.setAutomountServiceAccountToken(false);
    List<Volume> volumes = new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
    volumes.removeIf(v -> TMP_VOLUME.equals(v.getName()));
    volumes.add(
        new VolumeBuilder()
            .withName(TMP_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("64Mi"))
            .endEmptyDir()
            .build());
    pod.setVolumes(volumes);
    for (Container container : pod.getContainers()) {
      container.setSecurityContext(containerSecurityContext());
      container.setResources(resources);
      List<VolumeMount> mounts =
          new ArrayList<>(
              container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts());
      mounts.removeIf(m -> TMP_PATH.equals(m.getMountPath()));
      mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_PATH).build());
      container.setVolumeMounts(mounts);
    }
    pod.setTopologySpreadConstraints(spread(deployment.getSpec().getSelector().getMatchLabels()));
    return deployment;
  }

  /** Pod-level context: non-root user and group, default seccomp profile. */
  public static PodSecurityContext podSecurityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        .withFsGroup(USER_ID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /** Container context: no privilege, no escalation, no capability, read-only root. */
  public static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withPrivileged(false)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /**
   * Requests of {@code cpu} and {@code memory} ({@link #DEFAULT_CPU} and {@link #DEFAULT_MEMORY}
   * when null), memory also as the limit: a JVM over its request is the first to be evicted. No CPU
   * limit, so start-up (JIT, schema migration) is not throttled.
   */
  public static ResourceRequirements resources(String cpu, String memory) {
    String requestedMemory = memory == null ? DEFAULT_MEMORY : memory;
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpu == null ? DEFAULT_CPU : cpu))
        .addToRequests("memory", new Quantity(requestedMemory))
        .addToLimits("memory", new Quantity(requestedMemory))
        .build();
  }

  /** Replicas of one Deployment spread over zones, then nodes, without ever blocking a start. */
  public static List<TopologySpreadConstraint> spread(Map<String, String> selector) {
    return SPREAD_KEYS.stream()
        .map(key ->
            new TopologySpreadConstraintBuilder()
                .withMaxSkew(1)
                .withTopologyKey(key)
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector()
                .withMatchLabels(selector)
                .endLabelSelector()
                .build())
        .toList();
  }

  /**
   * The ServiceAccount the Deployment's pods run as: same name, namespace, labels and owner, so it
   * is deleted with them; no token is mounted, the services never call the Kubernetes API.
   */
  public static ServiceAccount serviceAccount(Deployment deployment) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(deployment.getMetadata().getName())
        .withNamespace(deployment.getMetadata().getNamespace())
        .withLabels(deployment.getMetadata().getLabels())
        .withOwnerReferences(deployment.getMetadata().getOwnerReferences())
        .endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /**
   * The PodDisruptionBudget of the Deployment's pods when it runs more than one replica (a drain
   * then takes one at a time); empty for one replica or none, where a budget would block drains.
   */
  public static Optional<PodDisruptionBudget> disruptionBudget(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    if (replicas == null || replicas <= 1) {
      return Optional.empty();
    }
    return Optional.of(
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withName(deployment.getMetadata().getName())
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(deployment.getMetadata().getLabels())
            .withOwnerReferences(deployment.getMetadata().getOwnerReferences())
            .endMetadata()
            .withNewSpec()
            .withMaxUnavailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(deployment.getSpec().getSelector().getMatchLabels())
            .endSelector()
            .endSpec()
            .build());
  }
}
