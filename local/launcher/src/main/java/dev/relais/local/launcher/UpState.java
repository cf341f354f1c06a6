package dev.relais.local.launcher;

import dev.relais.local.kube.ChildProcess;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.model.RelaisService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files through which a running {@code ./relais up} is found and described, in its state
 * directory:
 *
 * <ul>
 *   <li>{@value #SERVICES}: {@code kubeconfig}, {@code api}, and the {@code 127.0.0.1:port} of the
 *       {@code contacts}, {@code scheduler}, {@code analytics} and {@code links} services and of
 *       each route's dispatch ({@code dispatch.<namespace>.<route>}), the base URL of short links
 *       ({@code links.baseurl}) and where orders are posted ({@code conversions}), as tools read
 *       them;
 *   <li>{@value #PROCESSES}: every process the platform started, one line each ({@code pid}, start
 *       time in epoch seconds, name), never shortened while it runs, so that {@code ./relais down}
 *       can make sure none is left ({@link StartedProcesses}: the launcher records Cassandra,
 *       Zipkin and Prometheus as it starts them, this class the pods the kubelet starts);
 *   <li>{@value #STATUS}: what {@code ./relais status} prints about services, clicks, conversions,
 *       routes and SMSCs, and the URLs of Zipkin and Prometheus when they run.
 * </ul>
 *
 * <p>It also keeps Prometheus' list of the processes to scrape up to date.
 */
final class UpState {

  static final String SERVICES = "services.properties";
  static final String PROCESSES = "processes";
  static final String STATUS = "status";

  /** The platform's services whose addresses are written and shown. */
  private static final List<RelaisService> SERVICES_SHOWN =
      List.of(
          RelaisService.CONTACTS,
          RelaisService.SCHEDULER,
          RelaisService.ANALYTICS,
          RelaisService.LINKS);

  private final Path directory;
  private final Path kubeconfig;
  private final ClusterDemo platform;
  private final RouteSimulators simulators;
  private final String clockNote;
  private final Optional<LocalZipkin> zipkin;
  private final Optional<LocalPrometheus> prometheus;
  private final StartedProcesses started;
  private String lastServices = "";

  UpState(
      Path directory,
      Path kubeconfig,
      ClusterDemo platform,
      RouteSimulators simulators,
      String clockNote,
      Optional<LocalZipkin> zipkin,
      Optional<LocalPrometheus> prometheus,
      StartedProcesses started) {
    this.directory = directory;
    this.kubeconfig = kubeconfig;
    this.platform = platform;
    this.simulators = simulators;
    this.clockNote = clockNote;
    this.zipkin = zipkin;
    this.prometheus = prometheus;
    this.started = started;
  }

  /**
   * Records new processes, gives Prometheus the processes to scrape, then rewrites the services and
   * status files if they changed.
   */
  synchronized void refresh() throws IOException {
    recordProcesses();
    updateScrapeTargets();
    String services = services();
    if (!services.equals(lastServices)) {
      replace(directory.resolve(SERVICES), services);
      lastServices = services;
    }
    replace(directory.resolve(STATUS), status());
  }

  /** Removes the files that say the platform runs; the process list stays for the last check. */
  synchronized void clear() throws IOException {
    Files.deleteIfExists(directory.resolve(SERVICES));
    Files.deleteIfExists(directory.resolve(STATUS));
  }

  /** Gives Prometheus (when it runs) the processes running now. */
  synchronized void updateScrapeTargets() throws IOException {
    if (prometheus.isPresent()) {
      prometheus.get().scrape(platform.cluster().metricsTargets());
    }
  }

  /** Records the pods the kubelet started since the last call. */
  synchronized void recordProcesses() throws IOException {
    Map<String, Long> pids = new LinkedHashMap<>();
    platform.cluster().kubelet().allProcesses().forEach((pod, p) -> pids.put(pod, p.pid()));
    started.recordAll(pids);
  }

  private String services() {
    LocalCluster cluster = platform.cluster();
    StringBuilder out = new StringBuilder();
    out.append("kubeconfig=").append(kubeconfig.toAbsolutePath()).append('\n');
    out.append("api=").append(cluster.client().getMasterUrl()).append('\n');
    for (RelaisService service : SERVICES_SHOWN) {
      cluster
          .addressIfReady(service)
          .ifPresent(a -> out.append(service.id()).append('=').append(a).append('\n'));
    }
    platform
        .linksBaseUrl()
        .ifPresent(base -> out.append("links.baseurl=").append(base).append('\n'));
    if (cluster.addressIfReady(RelaisService.ANALYTICS).isPresent()) {
      out.append("conversions=").append(platform.conversionsUrl()).append('\n');
    }
    for (SmppRoute route : routes()) {
      dispatchAddress(route)
          .ifPresent(a ->
              out.append("dispatch.")
                  .append(route.getMetadata().getNamespace())
                  .append('.')
                  .append(route.getMetadata().getName())
                  .append('=')
                  .append(a)
                  .append('\n'));
    }
    return out.toString();
  }

  private String status() {
    LocalCluster cluster = platform.cluster();
    String name = platform.platform().getMetadata().getName();
    StringBuilder out = new StringBuilder();
    out.append("Cassandra:  ")
        .append(platform.cassandraContactPoint())
        .append(
            platform
                .cassandraPid()
                .map(pid -> " (embedded, pid " + pid + ")")
                .orElse(" (given by RELAIS_CASSANDRA; not started by up)"))
        .append('\n');
    out.append("Clock:      ").append(clockNote).append('\n');
    zipkin.ifPresent(z ->
        out.append("Traces:     Zipkin ")
            .append(z.url())
            .append(" (pid ")
            .append(z.pid())
            .append("); a campaign's trace: ")
            .append(z.traceUrl("<status.traceId>"))
            .append('\n'));
    prometheus.ifPresent(p ->
        out.append("Metrics:    Prometheus ")
            .append(p.url())
            .append(" (pid ")
            .append(p.pid())
            .append("), scraping ")
            .append(platform.cluster().metricsTargets().size())
            .append(" processes\n"));
    out.append("Services (SmsPlatform ")
        .append(cluster.namespace())
        .append('/')
        .append(name)
        .append("):\n");
    for (RelaisService service : SERVICES_SHOWN) {
      if (service == RelaisService.LINKS && platform.linksBaseUrl().isEmpty()) {
        continue;
      }
      out.append(
          String.format(
              "  %-10s %-16s %s%n",
              service.id(),
              cluster.addressIfReady(service).orElse("-"),
              pods(cluster.namespace(), service.objectName(name))));
    }
    if (cluster.addressIfReady(RelaisService.ANALYTICS).isPresent()) {
      platform.clicksAndConversions().forEach(line -> out.append(line).append('\n'));
    }
    List<SmppRoute> routes = routes();
    out.append("Routes:").append(routes.isEmpty() ? " none applied yet\n" : "\n");
    Map<String, LocalSmsc> smscs = simulators.smscs();
    Map<String, String> problems = simulators.problems();
    for (SmppRoute route : routes) {
      String key = route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
      out.append(
          String.format(
              "  %-28s %-9s dispatch %-16s %s%n",
              key,
              ready(route) ? "Ready" : "not Ready",
              dispatchAddress(route).orElse("-"),
              pods(
                  route.getMetadata().getNamespace(),
                  DispatchDeploymentBuilder.deploymentName(route.getMetadata().getName()))));
      LocalSmsc smsc = smscs.get(key);
      String smscLine =
          smsc == null
              ? "no SMSC: " + problems.getOrDefault(key, "starting")
              : smsc.simulator()
                  .map(s ->
                      "SMSC simulator on "
                          + smsc.address()
                          + ", "
                          + s.receivedCount()
                          + " received")
                  .orElse("the route's own SMSC at " + smsc.address() + " (external)");
      out.append("    ").append(smscLine).append('\n');
    }
    return out.toString();
  }

  private String pods(String namespace, String deployment) {
    List<ChildProcess> processes = platform.cluster().kubelet().processes(namespace, deployment);
    if (processes.isEmpty()) {
      return "no pod";
    }
    StringBuilder out = new StringBuilder();
    for (ChildProcess p : processes) {
      out.append(out.isEmpty() ? "" : ", ")
          .append("pod ")
          .append(namespace)
          .append('/')
          .append(p.name())
          .append(" pid ")
          .append(p.pid());
    }
    return out.toString();
  }

  private List<SmppRoute> routes() {
    return platform
        .cluster()
        .client()
        .resources(SmppRoute.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .stream()
        .sorted(
            java.util.Comparator.comparing((SmppRoute r) -> r.getMetadata().getNamespace())
                .thenComparing(r -> r.getMetadata().getName()))
        .toList();
  }

  private Optional<String> dispatchAddress(SmppRoute route) {
    return platform
        .cluster()
        .kubelet()
        .directory()
        .resolve(
            route.getMetadata().getNamespace(),
            DispatchDeploymentBuilder.deploymentName(route.getMetadata().getName()),
            PlatformSettings.DEFAULT_DISPATCH_PORT);
  }

  private static boolean ready(SmppRoute route) {
    return route.getStatus() != null
        && route.getStatus().conditions.stream()
            .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }

  /** Writes {@code file} through a temporary file, so a reader never sees half of it. */
  static void replace(Path file, String content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, content);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
