package dev.relais.local.launcher;

import dev.relais.local.kube.ImageCatalog;
import dev.relais.local.kube.LocalApiServer;
import dev.relais.local.kube.OwnerCollector;
import dev.relais.local.kube.PodServer;
import dev.relais.local.kube.ProcessKubelet;
import dev.relais.manifests.ManifestValidator;
import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.LinksRedirect;
import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.model.RelaisService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes cluster on a laptop, as the local mode and the end-to-end tests use it: the mock API
 * server with the relais.dev CRDs, the real operator reconciling against it, a process kubelet
 * running every Deployment the operator creates as local JVMs, and an owner-reference garbage
 * collector. Manifests are applied to it as {@code kubectl apply} would apply them.
 */
public final class LocalCluster implements AutoCloseable {

  private static final List<String> CRDS =
      List.of("smsplatforms", "smpproutes", "senderids", "segments", "campaigns");

  /** The programs the platform's images run locally. */
  public static final ImageCatalog IMAGES =
      new ImageCatalog(
          Map.of(
              "relais-contacts", "dev.relais.contacts.ContactsMain",
              "relais-scheduler", "dev.relais.scheduler.SchedulerMain",
              "relais-analytics", "dev.relais.analytics.AnalyticsMain",
              "relais-dispatch", "dev.relais.dispatch.DispatchMain",
              "relais-links", "dev.relais.links.LinksMain"));

  /** The pod label naming a platform component (contacts, dispatch...). */
  private static final String COMPONENT = "app.kubernetes.io/component";

  private final LocalApiServer api;
  private final ProcessKubelet kubelet;
  private final OwnerCollector collector;
  private final OperatorMain operator;
  private final String namespace;
  private final String platformName;
  private final int linksRedirectPort;

  private LocalCluster(
      LocalApiServer api,
      ProcessKubelet kubelet,
      OwnerCollector collector,
      OperatorMain operator,
      String namespace,
      String platformName,
      int linksRedirectPort) {
    this.api = api;
    this.kubelet = kubelet;
    this.collector = collector;
    this.operator = operator;
    this.namespace = namespace;
    this.platformName = platformName;
    this.linksRedirectPort = linksRedirectPort;
  }

  /**
   * Starts the API server, kubelet and operator for one SmsPlatform (its Services get their local
   * addresses before it exists, so the operator is told them at start). A start that fails, an
   * Error included, stops what it started.
   *
   * @param routes the SmppRoutes to come, whose dispatch Services the operator asks for queue
   *     figures (autoscaling)
   * @param processEnvironment added to every service process (e.g. a shifted platform clock)
   * @param operatorEnvironment operator settings (OperatorSettings variables) over the local ones
   */
  public static LocalCluster start(
      String namespace,
      String platformName,
      List<String> routes,
      Path logDirectory,
      Map<String, String> processEnvironment,
      Map<String, String> operatorEnvironment,
      PrintStream log)
      throws IOException {
    return AllOrNothingStart.run(start -> {
      LocalApiServer api = start.started(LocalApiServer.start());
      // What a cluster's API server checks: the CRDs' schemas and CEL rules, kubectl's errors
      // included.
      api.validateWith(new CrdRulesValidator(ManifestValidator.bundled()));
      installCrds(api.client());
      api.createNamespace(namespace);
      ProcessKubelet kubelet =
          start.started(
              new ProcessKubelet(api.client(), IMAGES, logDirectory, processEnvironment, "512m"));
      Map<String, String> addresses = new LinkedHashMap<>();
      for (RelaisService service :
          List.of(RelaisService.SCHEDULER, RelaisService.CONTACTS, RelaisService.ANALYTICS)) {
        int port = freePort();
        kubelet
            .directory()
            .reserve(namespace, service.objectName(platformName), service.port(), port);
        addresses.put(service.id(), "127.0.0.1:" + port);
      }
      // The links' base URL is written into messages: its port is chosen before the platform
      // names it, and the redirect Service's proxy listens there once the operator creates it.
      int linksRedirectPort = freePort();
      kubelet
          .directory()
          .reserve(
              namespace,
              LinksRedirect.serviceName(platformName),
              LinksRedirect.SERVICE_PORT,
              linksRedirectPort);
      for (String route : routes) {
        int port = freePort();
        String service = DispatchDeploymentBuilder.deploymentName(route);
        kubelet
            .directory()
            .reserve(namespace, service, PlatformSettings.DEFAULT_DISPATCH_PORT, port);
        addresses.put(service, "127.0.0.1:" + port);
      }
      kubelet.start();
      OwnerCollector collector =
          start.started(new OwnerCollector(api.client(), Duration.ofSeconds(1)).start());
      Map<String, String> env = new LinkedHashMap<>();
      // The mock API server has no server-side apply.
      env.put("RELAIS_USE_SSA", "false");
      env.put("SERVER_PORT", "0");
      env.put("RELAIS_CAMPAIGN_POLL", "PT1S");
      env.put("RELAIS_SERVICE_ADDRESSES", join(addresses));
      env.putAll(operatorEnvironment);
      OperatorMain operator = OperatorMain.start(OperatorSettings.from(env), api.client(), false);
      log.println("Local cluster: API server " + api.url() + ", operator started");
      return new LocalCluster(
          api, kubelet, collector, operator, namespace, platformName, linksRedirectPort);
    });
  }

  /** Creates the relais.dev CRDs, from the operator's jar. */
  static void installCrds(KubernetesClient client) {
    for (String plural : CRDS) {
      String resource = "META-INF/fabric8/" + plural + ".relais.dev-v1.yml";
      try (InputStream in = LocalCluster.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " missing from the operator jar");
        }
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Creates or replaces a resource, as {@code kubectl apply} would. */
  public <T extends HasMetadata> T apply(T resource) {
    return api.client().resource(resource).createOr(existing -> existing.update());
  }

  /**
   * The base URL that reaches the links redirect Service ({@code <platform>-links-redirect}, port
   * 80 on a cluster) on this machine, e.g. {@code http://127.0.0.1:41234}: the SmsPlatform's
   * linkTrackingBaseUrl in the local mode. It answers once the operator runs links.
   */
  public String linksBaseUrl() {
    return "http://127.0.0.1:" + linksRedirectPort;
  }

  /** The local API server, e.g. to write a kubeconfig for kubectl. */
  public LocalApiServer api() {
    return api;
  }

  public KubernetesClient client() {
    return api.client();
  }

  /** {@code 127.0.0.1:port} of one of the platform's services, through its Service. */
  public String address(RelaisService service) {
    return kubelet
        .directory()
        .resolve(namespace, service.objectName(platformName), service.port())
        .orElseThrow(() -> new IllegalStateException("no Service for " + service.id() + " yet"));
  }

  /** The SmsPlatform's Service address, once the operator created it. */
  public Optional<String> addressIfReady(RelaisService service) {
    return kubelet.directory().resolve(namespace, service.objectName(platformName), service.port());
  }

  /**
   * Every process serving Prometheus metrics ({@code /metrics}): the operator, which runs in this
   * JVM and serves them on its health port, and the server of every pod, labelled with its
   * component as the chart's ServiceMonitor labels it.
   */
  public List<LocalPrometheus.Target> metricsTargets() {
    List<LocalPrometheus.Target> targets = new ArrayList<>();
    targets.add(
        new LocalPrometheus.Target("", "relais-operator", "operator", operator.healthPort()));
    for (PodServer server : kubelet.servers()) {
      targets.add(
          new LocalPrometheus.Target(
              server.namespace(),
              server.pod(),
              server.labels().getOrDefault(COMPONENT, ""),
              server.port(),
              server.https()));
    }
    return targets;
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  public String namespace() {
    return namespace;
  }

  /** The SmsPlatform of the cluster's namespace, if applied. */
  public Optional<SmsPlatform> platform() {
    return Optional.ofNullable(
        api.client()
            .resources(SmsPlatform.class)
            .inNamespace(namespace)
            .withName(platformName)
            .get());
  }

  private static String join(Map<String, String> addresses) {
    List<String> entries = new ArrayList<>();
    addresses.forEach((k, v) -> entries.add(k + "=" + v));
    return String.join(",", entries);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops the operator first (as a cluster losing its operator), then every process. */
  @Override
  public void close() {
    operator.close();
    collector.close();
    kubelet.close();
    api.close();
  }
}
