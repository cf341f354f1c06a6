package dev.relais.local.launcher;

import dev.relais.common.grpc.HostPort;
import dev.relais.local.cassandra.EmbeddedCassandra;
import dev.relais.local.cassandra.RunningCassandra;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.model.LinksRedirect;
import dev.relais.operator.model.RelaisService;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The local demo as a cluster user runs it: the manifests are applied to a {@link LocalCluster}
 * (mock API server, real operator, process kubelet), each route gets its SMSC ({@link LocalSmsc}: a
 * simulator unless the route keeps its own), the contacts file is imported through the contacts
 * Service, and each Campaign is followed through its status until the operator reports it
 * Completed.
 *
 * <p>When the manifests declare no SmsPlatform, one is added for the local Cassandra; when they
 * declare one, its Cassandra becomes the local node (its contact point, one copy, no login, no
 * TLS). A platform naming no privacy key Secret gets one with a key made for this run. Short links
 * lead to the local links redirect Service ({@link LocalLinkTracking}).
 *
 * <p>With {@link Options#withTls}, the platform's components talk mutual TLS: a {@link LocalPki}
 * made at start gives each its Secret, the SmsPlatform gets spec.tls.mode Secrets, the operator its
 * certificate, and the demo's own calls (contacts import, campaign figures) present relais-admin's.
 */
public final class ClusterDemo implements AutoCloseable {

  /**
   * Where and how the demo runs.
   *
   * @param cassandra contact point of a running Cassandra, or null to start an embedded one
   * @param operatorEnvironment operator settings over the local defaults (e.g. autoscaling pace)
   * @param simulator adjusts each route's SMSC simulator before it starts
   * @param traces the Zipkin server every process (the operator too) sends its spans to, with every
   *     message traced; empty: traces are not exported
   * @param tlsDirectory where the local CA and the operator's and admin's certificates are written
   *     ({@link LocalPki}); null runs the platform without TLS
   */
  public record Options(
      Path workDirectory,
      String cassandra,
      String keyspacePrefix,
      Duration clockOffset,
      Map<String, String> operatorEnvironment,
      Consumer<SmscSimulatorConfig.Builder> simulator,
      PrintStream log,
      Optional<LocalZipkin> traces,
      Path tlsDirectory) {

    /** Options without TLS between the platform's components (see {@link #withTls}). */
    public Options(
        Path workDirectory,
        String cassandra,
        String keyspacePrefix,
        Duration clockOffset,
        Map<String, String> operatorEnvironment,
        Consumer<SmscSimulatorConfig.Builder> simulator,
        PrintStream log,
        Optional<LocalZipkin> traces) {
      this(
          workDirectory,
          cassandra,
          keyspacePrefix,
          clockOffset,
          operatorEnvironment,
          simulator,
          log,
          traces,
          null);
    }

    public Options(
        Path workDirectory,
        String cassandra,
        String keyspacePrefix,
        Duration clockOffset,
        Map<String, String> operatorEnvironment,
        Consumer<SmscSimulatorConfig.Builder> simulator,
        PrintStream log) {
      this(
          workDirectory,
          cassandra,
          keyspacePrefix,
          clockOffset,
          operatorEnvironment,
          simulator,
          log,
          Optional.empty());
    }

    public static Options defaults(Path workDirectory, PrintStream log) {
      return new Options(
          workDirectory,
          System.getenv("RELAIS_CASSANDRA"),
          "relais_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
          Duration.ZERO,
          Map.of(),
          b -> {},
          log);
    }

    public Options withClockOffset(Duration offset) {
      return new Options(
          workDirectory,
          cassandra,
          keyspacePrefix,
          offset,
          operatorEnvironment,
          simulator,
          log,
          traces,
          tlsDirectory);
    }

    public Options withTraces(LocalZipkin zipkin) {
      return new Options(
          workDirectory,
          cassandra,
          keyspacePrefix,
          clockOffset,
          operatorEnvironment,
          simulator,
          log,
          Optional.of(zipkin),
          tlsDirectory);
    }

    /** The same with the local CA and certificates written in {@code directory}. */
    public Options withTls(Path directory) {
      return new Options(
          workDirectory,
          cassandra,
          keyspacePrefix,
          clockOffset,
          operatorEnvironment,
          simulator,
          log,
          traces,
          directory);
    }

    /** The same without TLS between the platform's components. */
    public Options withoutTls() {
      return new Options(
          workDirectory,
          cassandra,
          keyspacePrefix,
          clockOffset,
          operatorEnvironment,
          simulator,
          log,
          traces,
          null);
    }
  }

  private final Options options;
  private final RunningCassandra embedded;
  private final String cassandra;
  private final LocalCluster cluster;
  private final SmsPlatform platform;
  private final Optional<Secret> privacyKey;
  private final Optional<LocalPki> pki;
  private final Map<String, LocalSmsc> smscs = new LinkedHashMap<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final Map<String, String> traceIds = new LinkedHashMap<>();

  private ClusterDemo(
      Options options,
      RunningCassandra embedded,
      String cassandra,
      LocalCluster cluster,
      SmsPlatform platform,
      Optional<Secret> privacyKey,
      Optional<LocalPki> pki) {
    this.options = options;
    this.pki = pki;
    this.embedded = embedded;
    this.cassandra = cassandra;
    this.cluster = cluster;
    this.platform = platform;
    this.privacyKey = privacyKey;
  }

  /**
   * Starts Cassandra (unless given) and the local cluster for the manifests' namespace; when the
   * start fails, whatever the failure, what it started is stopped before the failure goes on.
   */
  public static ClusterDemo start(Options options, Manifests manifests) throws IOException {
    LocalPlatform.wipe(options.workDirectory());
    return AllOrNothingStart.run(start -> start(options, manifests, start));
  }

  private static ClusterDemo start(Options options, Manifests manifests, AllOrNothingStart start)
      throws IOException {
    RunningCassandra embedded = null;
    String cassandra = options.cassandra();
    if (cassandra == null || cassandra.isBlank()) {
      options.log().println("Starting Cassandra (embedded, first start takes ~20 s)...");
      embedded =
          start.started(
              EmbeddedCassandra.builder()
                  .dataDirectory(options.workDirectory().resolve("cassandra"))
                  .logFile(options.workDirectory().resolve("logs/cassandra.log"))
                  .build()
                  .start());
      cassandra = embedded.contactPoint();
    }
    options.log().println("Cassandra ready at " + cassandra);
    SmsPlatform platform = platformFor(manifests, cassandra, options.keyspacePrefix());
    Optional<Secret> privacyKey = LocalPrivacyKey.provideFor(platform);
    Map<String, String> env = new LinkedHashMap<>();
    if (!options.clockOffset().isZero()) {
      env.put("CLOCK_OFFSET", options.clockOffset().toString());
    }
    options.traces().ifPresent(zipkin -> traceTo(zipkin, platform, env));
    Optional<LocalPki> pki = Optional.empty();
    Map<String, String> operatorEnvironment = new LinkedHashMap<>(options.operatorEnvironment());
    if (options.tlsDirectory() != null) {
      pki =
          Optional.of(
              LocalPki.create(
                  options.tlsDirectory(),
                  platform.getMetadata().getName(),
                  platform.getMetadata().getNamespace()));
      // No cert-manager locally: the Secrets are made here, whatever mode the manifests ask.
      platform.getSpec().tls = new SmsPlatformSpec.Tls();
      platform.getSpec().tls.mode = SmsPlatformSpec.Tls.SECRETS;
      operatorEnvironment.putAll(pki.get().operatorEnvironment());
      options.log().println("Mutual TLS: local CA and certificates in " + options.tlsDirectory());
    } else {
      platform.getSpec().tls = null;
    }
    LocalCluster cluster =
        start.started(
            LocalCluster.start(
                platform.getMetadata().getNamespace(),
                platform.getMetadata().getName(),
                manifests.routes().stream().map(r -> r.getMetadata().getName()).toList(),
                options.workDirectory().resolve("logs"),
                env,
                operatorEnvironment,
                options.log()));
    options
        .log()
        .println(
            LocalLinkTracking.configure(
                platform, !manifests.platforms().isEmpty(), cluster.linksBaseUrl()));
    return new ClusterDemo(options, embedded, cassandra, cluster, platform, privacyKey, pki);
  }

  /**
   * Sends every process's spans to {@code zipkin}: the services' through their environment, the
   * operator's (built in this JVM from the standard settings) through system properties; and traces
   * every message of the platform's campaigns, so that any message has its spans in the UI.
   */
  private static void traceTo(LocalZipkin zipkin, SmsPlatform platform, Map<String, String> env) {
    env.putAll(zipkin.processEnvironment());
    zipkin.sdkProperties().forEach(System::setProperty);
    if (platform.getSpec().telemetry == null) {
      platform.getSpec().telemetry = new SmsPlatformSpec.Telemetry();
    }
    platform.getSpec().telemetry.messageSampling = "1.0";
  }

  /**
   * The manifests' SmsPlatform on the local Cassandra, or a new one in the campaigns' namespace.
   */
  private static SmsPlatform platformFor(Manifests manifests, String cassandra, String prefix) {
    SmsPlatform platform;
    if (!manifests.platforms().isEmpty()) {
      platform = manifests.platforms().get(0);
    } else {
      String namespace =
          Objects.requireNonNullElse(
              manifests.campaigns().get(0).getMetadata().getNamespace(), "default");
      platform = new SmsPlatform();
      platform.setMetadata(
          new ObjectMetaBuilder().withName("relais").withNamespace(namespace).build());
      platform.setSpec(new SmsPlatformSpec());
      platform.getSpec().version = "local";
    }
    if (platform.getSpec().cassandra == null) {
      platform.getSpec().cassandra = new SmsPlatformSpec.Cassandra();
    }
    platform.getSpec().cassandra.contactPoints = List.of(cassandra);
    platform.getSpec().cassandra.datacenter = "datacenter1";
    // One local node: one copy, no login, no TLS, whatever a cluster's platform asks for.
    platform.getSpec().cassandra.replication = new SmsPlatformSpec.Replication();
    platform.getSpec().cassandra.replication.strategy = "SimpleStrategy";
    platform.getSpec().cassandra.replication.factor = 1;
    platform.getSpec().cassandra.credentialsSecretRef = null;
    platform.getSpec().cassandra.tls = false;
    platform.getSpec().cassandra.tlsTrust = null;
    platform.getSpec().cassandra.keyspacePrefix = prefix;
    return platform;
  }

  /**
   * Applies the manifests, imports the contacts into each campaign's list, and follows every
   * campaign to the end; returns a summary per campaign.
   */
  public List<DemoSummary> run(Manifests manifests, Path contactsFile, String clockNote)
      throws IOException {
    PrintStream out = options.log();
    for (SmppRoute route : manifests.routes()) {
      startSmsc(manifests, route);
    }
    out.println("Applying the manifests to the local cluster (kubectl apply -f)...");
    manifests.secrets().forEach(cluster::apply);
    applyPlatform();
    manifests.routes().forEach(cluster::apply);
    manifests.senders().forEach(cluster::apply);
    manifests.segments().forEach(cluster::apply);
    awaitServices();
    clicksAndConversions().forEach(out::println);
    ClusterProgress progress = new ClusterProgress(cluster, out);
    // A campaign expanded before its route is declared to the scheduler would find no route.
    for (SmppRoute route : manifests.routes()) {
      String name = route.getMetadata().getName();
      ClusterProgress.await(
          "route " + name + " Ready", () -> progress.routeReady(route), Duration.ofMinutes(5));
      out.println("Route " + name + " ready (dispatch bound to its SMSC)");
    }
    var contacts = contacts();
    var scheduler = SchedulerServiceGrpc.newBlockingStub(channel(RelaisService.SCHEDULER));
    var analytics = AnalyticsServiceGrpc.newBlockingStub(channel(RelaisService.ANALYTICS));
    List<DemoSummary> summaries = new ArrayList<>();
    for (Campaign campaign : manifests.campaigns()) {
      Instant start = Instant.now();
      ImportReport report = CampaignContacts.importFor(contacts, campaign, contactsFile, out);
      String id = ManifestTranslator.campaignId(campaign);
      out.println("Applying Campaign " + id + "...");
      cluster.apply(campaign);
      Campaign.Status done = progress.follow(campaign);
      if (done.traceId != null && !done.traceId.isBlank()) {
        traceIds.put(id, done.traceId);
      }
      CampaignStatus status =
          scheduler.getCampaign(GetCampaignRequest.newBuilder().setId(id).build());
      CampaignStats stats =
          analytics.getCampaignStats(
              GetCampaignStatsRequest.newBuilder().setCampaignId(id).build());
      long received = QuickstartDemo.messagesReceived(smscs.values());
      out.println("Campaign " + id + ": " + done.phase + " (as its status says)");
      summaries.add(
          new DemoSummary(
              id,
              clockNote,
              report,
              status,
              stats,
              received,
              Duration.between(start, Instant.now())));
    }
    return summaries;
  }

  /** The trace id of each campaign run (its status.traceId), by campaign id. */
  public Map<String, String> traceIds() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(traceIds));
  }

  /** Applies the SmsPlatform on the local Cassandra (and its privacy key Secret, if made here). */
  public void applyPlatform() {
    privacyKey.ifPresent(cluster::apply);
    pki.ifPresent(p -> p.secrets().forEach(cluster::apply));
    cluster.apply(platform);
  }

  /**
   * Waits until the operator's contacts, scheduler and analytics Deployments (and links', when the
   * platform tracks links) have a ready pod.
   */
  public void awaitServices() {
    String prefix = platform.getMetadata().getName() + "-";
    boolean links = linksBaseUrl().isPresent();
    ClusterProgress progress = new ClusterProgress(cluster, options.log());
    ClusterProgress.await(
        "the platform's services ready",
        () ->
            progress.deploymentReady(prefix + "contacts")
                && progress.deploymentReady(prefix + "scheduler")
                && progress.deploymentReady(prefix + "analytics")
                && (!links || progress.deploymentReady(prefix + "links")),
        Duration.ofMinutes(5));
    options.log().println("Platform services ready (operator → Deployments → local processes)");
  }

  /**
   * The base URL of the platform's short links, which reaches its links redirect Service here;
   * empty when the platform tracks no links ({@link LocalLinkTracking}).
   */
  public Optional<String> linksBaseUrl() {
    return LinksRedirect.enabled(platform)
        ? Optional.of(platform.getSpec().linkTrackingBaseUrl)
        : Optional.empty();
  }

  /**
   * What a user reads about clicks and conversions once the services run: where short links lead
   * and where orders are posted.
   */
  public List<String> clicksAndConversions() {
    String conversions = "Conversions: POST " + conversionsUrl() + " (analytics)";
    return linksBaseUrl()
        .map(base ->
            List.of(
                "Clicks:      short links "
                    + base
                    + "/<token> (Service "
                    + LinksRedirect.serviceName(platform.getMetadata().getName())
                    + ")",
                conversions))
        .orElse(
            List.of(
                "Clicks:      not tracked (the SmsPlatform sets no linkTrackingBaseUrl)",
                conversions + ": answers 503 without link tracking"));
  }

  /**
   * Where a shop posts its orders: analytics' {@code POST /v1/conversions}, through its Service's
   * local address (docs/conversions.md).
   */
  public String conversionsUrl() {
    // With TLS, analytics' one port serves HTTPS (the ingest asks for no client certificate).
    return (pki.isPresent() ? "https://" : "http://")
        + cluster.address(RelaisService.ANALYTICS)
        + "/v1/conversions";
  }

  /** The SmsPlatform the local cluster runs, on the local Cassandra. */
  public SmsPlatform platform() {
    return platform;
  }

  /** The contacts service, through its Service's local address. */
  public ContactsServiceGrpc.ContactsServiceStub contacts() {
    return ContactsServiceGrpc.newStub(channel(RelaisService.CONTACTS));
  }

  /** Process id of the embedded Cassandra; empty when the platform uses a given one. */
  public Optional<Long> cassandraPid() {
    return embedded == null ? Optional.empty() : Optional.of(embedded.pid());
  }

  /** The route's SMSC; the route applied to the cluster points at it. */
  private void startSmsc(Manifests manifests, SmppRoute route) {
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    LocalSmsc smsc = LocalSmsc.forRoute(route, password, options.simulator(), options.log());
    smscs.put(route.getMetadata().getName(), smsc);
    route.getSpec().host = smsc.host();
    route.getSpec().port = smsc.port();
  }

  /** A channel to a service of the platform, presenting relais-admin's certificate with TLS. */
  private ManagedChannel channel(RelaisService service) {
    HostPort address = HostPort.parse(cluster.address(service), service.port());
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port());
    if (pki.isPresent()) {
      try {
        builder.sslContext(
            GrpcSslContexts.forClient()
                .keyManager(
                    pki.get().certificate("admin").toFile(), pki.get().key("admin").toFile())
                .trustManager(pki.get().ca().toFile())
                .build());
      } catch (SSLException e) {
        throw new IllegalStateException("cannot read the local admin certificate", e);
      }
    } else {
      builder.usePlaintext();
    }
    ManagedChannel channel = builder.build();
    channels.add(channel);
    return channel;
  }

  /** The local CA and certificates when the platform talks mutual TLS. */
  public Optional<LocalPki> pki() {
    return pki;
  }

  public LocalCluster cluster() {
    return cluster;
  }

  /** The simulator standing in for a route's carrier; null for a route with its own SMSC. */
  public SmscSimulator simulator(String route) {
    LocalSmsc smsc = smscs.get(route);
    return smsc == null ? null : smsc.simulator().orElse(null);
  }

  public String cassandraContactPoint() {
    return cassandra;
  }

  /** Peak resident memory of every process the kubelet runs, by pod, plus Cassandra's. */
  public Map<String, Long> peakMemory() {
    Map<String, Long> peaks = new LinkedHashMap<>();
    if (embedded != null) {
      peaks.put("cassandra", ProcessStats.peakRssBytes(embedded.pid()));
    }
    cluster
        .kubelet()
        .allProcesses()
        .forEach((pod, process) -> peaks.put(pod, ProcessStats.peakRssBytes(process.pid())));
    return peaks;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    cluster.close();
    smscs.values().forEach(LocalSmsc::close);
    if (embedded != null) {
      embedded.close();
    }
  }
}
