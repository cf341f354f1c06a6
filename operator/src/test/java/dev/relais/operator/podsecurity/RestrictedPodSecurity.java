package dev.relais.operator.podsecurity;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Kubernetes Pod Security Standard "restricted" (which includes "baseline"), as the admission
 * controller of a namespace labelled {@code pod-security.kubernetes.io/enforce: restricted} checks
 * it: {@link #violations} lists what such a namespace would refuse, empty when the pod is admitted.
 */
public final class RestrictedPodSecurity {

  /** Volume types the restricted profile allows. */
  static final Set<String> VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** Sysctls the baseline profile allows. */
  static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  /** SELinux types the baseline profile allows (besides none). */
  static final Set<String> SELINUX_TYPES =
      Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private static final String APPARMOR_ANNOTATION =
      "container.apparmor.security.beta.kubernetes.io/";

  private RestrictedPodSecurity() {}

  /** What a restricted namespace would refuse in a pod template, with the object's name. */
  public static List<String> violations(String owner, PodTemplateSpec template) {
    Map<String, String> annotations =
        template.getMetadata() == null || template.getMetadata().getAnnotations() == null
            ? Map.of()
            : template.getMetadata().getAnnotations();
    return violations(owner, template.getSpec(), annotations);
  }

  /** What a restricted namespace would refuse in a pod spec. */
  public static List<String> violations(
      String owner, PodSpec pod, Map<String, String> annotations) {
    List<String> problems = new ArrayList<>();
    PodSecurityContext podContext =
        pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    // Baseline: host namespaces.
    check(problems, owner, !isTrue(pod.getHostNetwork()), "hostNetwork must not be true");
    check(problems, owner, !isTrue(pod.getHostPID()), "hostPID must not be true");
    check(problems, owner, !isTrue(pod.getHostIPC()), "hostIPC must not be true");
    // Baseline: host processes (Windows), sysctls, SELinux, AppArmor; restricted: volumes.
    check(problems, owner, !hostProcess(podContext.getWindowsOptions()), "hostProcess at pod");
    if (podContext.getSysctls() != null) {
      for (Sysctl sysctl : podContext.getSysctls()) {
        check(
            problems,
            owner,
            SAFE_SYSCTLS.contains(sysctl.getName()),
            "sysctl " + sysctl.getName() + " is not in the safe set");
      }
    }
    seLinux(problems, owner + " pod", podContext.getSeLinuxOptions());
    appArmor(problems, owner + " pod", podContext.getAppArmorProfile());
    annotations.forEach((key, value) -> {
      if (key.startsWith(APPARMOR_ANNOTATION)) {
        check(
            problems,
            owner,
            value.equals("runtime/default") || value.startsWith("localhost/"),
            "AppArmor annotation " + key + "=" + value);
      }
    });
    for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      String type = volumeType(volume);
      check(
          problems,
          owner,
          VOLUME_TYPES.contains(type),
          "volume " + volume.getName() + " is of type " + type);
    }
    // Restricted: pod-level defaults the containers may inherit.
    check(
        problems,
        owner,
        podContext.getRunAsUser() == null || podContext.getRunAsUser() != 0,
        "pod runAsUser must not be 0");
    check(
        problems,
        owner,
        seccompAllowedOrUnset(podContext.getSeccompProfile()),
        "pod seccompProfile must be RuntimeDefault or Localhost");
    List<NamedContext> containers = new ArrayList<>();
    for (Container c : orEmpty(pod.getContainers())) {
      containers.add(
          new NamedContext("container " + c.getName(), c.getSecurityContext(), c.getPorts()));
    }
    for (Container c : orEmpty(pod.getInitContainers())) {
      containers.add(
          new NamedContext("init container " + c.getName(), c.getSecurityContext(), c.getPorts()));
    }
    for (EphemeralContainer c : orEmpty(pod.getEphemeralContainers())) {
      containers.add(
          new NamedContext(
              "ephemeral container " + c.getName(), c.getSecurityContext(), c.getPorts()));
    }
    for (NamedContext container : containers) {
      container(problems, owner + " " + container.name(), container, podContext);
    }
    return problems;
  }

  private record NamedContext(String name, SecurityContext context, List<ContainerPort> ports) {}

  private static void container(
      List<String> problems, String where, NamedContext container, PodSecurityContext pod) {
    SecurityContext c = container.context() == null ? new SecurityContext() : container.context();
    check(problems, where, !isTrue(c.getPrivileged()), "privileged must not be true");
    check(problems, where, !hostProcess(c.getWindowsOptions()), "hostProcess");
    for (ContainerPort port : orEmpty(container.ports())) {
      check(
          problems,
          where,
          port.getHostPort() == null || port.getHostPort() == 0,
          "hostPort " + port.getHostPort());
    }
    check(
        problems,
        where,
        c.getProcMount() == null || "Default".equals(c.getProcMount()),
        "procMount " + c.getProcMount());
    seLinux(problems, where, c.getSeLinuxOptions());
    appArmor(problems, where, c.getAppArmorProfile());
    check(
        problems,
        where,
        Boolean.FALSE.equals(c.getAllowPrivilegeEscalation()),
        "allowPrivilegeEscalation must be false");
    boolean nonRoot =
        c.getRunAsNonRoot() != null ? c.getRunAsNonRoot() : isTrue(pod.getRunAsNonRoot());
    check(problems, where, nonRoot, "runAsNonRoot must be true (pod or container)");
    check(
        problems,
        where,
        c.getRunAsUser() == null || c.getRunAsUser() != 0,
        "runAsUser must not be 0");
    SeccompProfile seccomp =
        c.getSeccompProfile() != null ? c.getSeccompProfile() : pod.getSeccompProfile();
    check(
        problems,
        where,
        seccomp != null && seccompAllowedOrUnset(seccomp),
        "seccompProfile must be RuntimeDefault or Localhost (pod or container)");
    Capabilities caps = c.getCapabilities();
    check(
        problems,
        where,
        caps != null && caps.getDrop() != null && caps.getDrop().contains("ALL"),
        "capabilities must drop ALL");
    if (caps != null && caps.getAdd() != null) {
      for (String added : caps.getAdd()) {
        check(
            problems,
            where,
            "NET_BIND_SERVICE".equals(added),
            "capability " + added + " may not be added");
      }
    }
  }

  private static void seLinux(List<String> problems, String where, SELinuxOptions options) {
    if (options == null) {
      return;
    }
    check(
        problems,
        where,
        options.getType() == null
            || options.getType().isEmpty()
            || SELINUX_TYPES.contains(options.getType()),
        "SELinux type " + options.getType());
    check(problems, where, blank(options.getUser()), "SELinux user must not be set");
    check(problems, where, blank(options.getRole()), "SELinux role must not be set");
  }

  private static void appArmor(
      List<String> problems, String where, io.fabric8.kubernetes.api.model.AppArmorProfile p) {
    if (p == null) {
      return;
    }
    check(
        problems,
        where,
        "RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType()),
        "AppArmor profile " + p.getType());
  }

  private static boolean seccompAllowedOrUnset(SeccompProfile profile) {
    return profile == null
        || "RuntimeDefault".equals(profile.getType())
        || "Localhost".equals(profile.getType());
  }

  private static boolean hostProcess(WindowsSecurityContextOptions options) {
    return options != null && isTrue(options.getHostProcess());
  }

  /** The name of the volume source a volume uses, as the restricted profile lists them. */
  private static String volumeType(Volume volume) {
    Map<String, Function<Volume, Object>> sources =
        Map.ofEntries(
            Map.entry("configMap", Volume::getConfigMap),
            Map.entry("csi", Volume::getCsi),
            Map.entry("downwardAPI", Volume::getDownwardAPI),
            Map.entry("emptyDir", Volume::getEmptyDir),
            Map.entry("ephemeral", Volume::getEphemeral),
            Map.entry("persistentVolumeClaim", Volume::getPersistentVolumeClaim),
            Map.entry("projected", Volume::getProjected),
            Map.entry("secret", Volume::getSecret),
            Map.entry("hostPath", Volume::getHostPath),
            Map.entry("nfs", Volume::getNfs),
            Map.entry("iscsi", Volume::getIscsi),
            Map.entry("gitRepo", Volume::getGitRepo),
            Map.entry("image", Volume::getImage));
    return sources.entrySet().stream()
        .filter(e -> e.getValue().apply(volume) != null)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("another volume source");
  }

  private static void check(List<String> problems, String where, boolean ok, String rule) {
    if (!ok) {
      problems.add(where + ": " + rule);
    }
  }

  private static boolean isTrue(Boolean value) {
    return Boolean.TRUE.equals(value);
  }

  private static boolean blank(String value) {
    return value == null || value.isEmpty();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
