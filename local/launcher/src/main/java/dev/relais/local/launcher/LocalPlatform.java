package dev.relais.local.launcher;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.local.cassandra.EmbeddedCassandra;
import dev.relais.local.cassandra.RunningCassandra;
import dev.relais.local.kube.ChildProcess;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import io.grpc.Channel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: an embedded Cassandra (or a given one), the contacts,
 * analytics, links and scheduler services, and per route its SMSC (a simulator unless the route
 * keeps its own, see {@link LocalSmsc}) plus dispatch processes. Every service is its own JVM,
 * started with the environment its Deployment would give it.
 */
public final class LocalPlatform implements AutoCloseable {

  /**
   * How to run the local platform.
   *
   * @param workDirectory logs and Cassandra data go here; wiped at start
   * @param cassandra contact point of a running Cassandra, or null to start an embedded one
   * @param keyspacePrefix prefix of every keyspace, so runs sharing a Cassandra stay apart
   * @param clockOffset shift of every service's clock (see PlatformClock); zero for real time
   * @param simulator adjusts each route's SMSC simulator before it starts
   * @param serviceEnvironment more environment per service (contacts, scheduler, analytics, links,
   *     and "dispatch" for every dispatch process), e.g. to run one under a faked clock
   */
  public record Options(
      Path workDirectory,
      String cassandra,
      String keyspacePrefix,
      Duration clockOffset,
      Consumer<SmscSimulatorConfig.Builder> simulator,
      PrintStream log,
      Map<String, Map<String, String>> serviceEnvironment) {

    public Options(
        Path workDirectory,
        String cassandra,
        String keyspacePrefix,
        Duration clockOffset,
        Consumer<SmscSimulatorConfig.Builder> simulator,
        PrintStream log) {
      this(workDirectory, cassandra, keyspacePrefix, clockOffset, simulator, log, Map.of());
    }

    public static Options defaults(Path workDirectory, PrintStream log) {
      return new Options(
          workDirectory,
          System.getenv("RELAIS_CASSANDRA"),
          "relais_" + UUID.randomUUID().toString().substring(0, 8),
          Duration.ZERO,
          b -> {},
          log);
    }

    public Options withClockOffset(Duration offset) {
      return new Options(
          workDirectory, cassandra, keyspacePrefix, offset, simulator, log, serviceEnvironment);
    }

    public Options withSimulator(Consumer<SmscSimulatorConfig.Builder> adjust) {
      return new Options(
          workDirectory, cassandra, keyspacePrefix, clockOffset, adjust, log, serviceEnvironment);
    }

    /**
     * Adds {@code environment} to service {@code service}'s own ("dispatch": every dispatch
     * process's).
     */
    public Options withServiceEnvironment(String service, Map<String, String> environment) {
      Map<String, Map<String, String>> all = new LinkedHashMap<>(serviceEnvironment);
      all.put(service, Map.copyOf(environment));
      return new Options(
          workDirectory, cassandra, keyspacePrefix, clockOffset, simulator, log, Map.copyOf(all));
    }
  }

  /** A route's running dispatch processes and the SMSC they bind to. */
  public record RouteRuntime(
      String route, LocalSmsc smsc, List<ChildProcess> dispatchers, int grpcPort) {

    /**
     * The launcher's simulator standing in for the route's carrier.
     *
     * @throws IllegalStateException for a route with its own SMSC (annotated external)
     */
    public SmscSimulator simulator() {
      return smsc.simulator()
          .orElseThrow(() ->
              new IllegalStateException(
                  "route "
                      + route
                      + " binds to its own SMSC at "
                      + smsc.address()
                      + ", not to a simulator of the launcher"));
    }
  }

  private final Options options;
  private final Telemetry telemetry;
  private RunningCassandra embedded;
  private String cassandraContactPoint;
  private String privacyKey;
  private String linksBaseUrl;
  private final Map<String, ChildProcess> services = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final LocalRoutes routes;
  private final Map<String, Channel> channels = new java.util.concurrent.ConcurrentHashMap<>();

  private LocalPlatform(Options options) {
    this.options = options;
    this.telemetry = Telemetry.create("local-launcher", null, 1.0);
    this.routes =
        new LocalRoutes(
            options.workDirectory().resolve("logs"),
            options.log(),
            options.simulator(),
            this::dispatchEnvironment);
  }

  /** Starts Cassandra (unless given) and the analytics, links, contacts and scheduler services. */
  public static LocalPlatform start(Options options) throws IOException {
    LocalPlatform platform = new LocalPlatform(options);
    try {
      platform.startCore();
      return platform;
    } catch (IOException | RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  private void startCore() throws IOException {
    wipe(options.workDirectory());
    Files.createDirectories(options.workDirectory());
    if (options.cassandra() == null || options.cassandra().isBlank()) {
      options.log().println("Starting Cassandra (embedded, first start takes ~20 s)...");
      embedded =
          EmbeddedCassandra.builder()
              .dataDirectory(options.workDirectory().resolve("cassandra"))
              .logFile(options.workDirectory().resolve("logs/cassandra.log"))
              .build()
              .start();
      cassandraContactPoint = embedded.contactPoint();
    } else {
      cassandraContactPoint = options.cassandra();
    }
    options.log().println("Cassandra ready at " + cassandraContactPoint);
    // Contacts and the scheduler call each other (audience pages one way, erasures of queued
    // messages the other): the scheduler's port is chosen before either starts.
    ports.put("scheduler", FreePorts.pick());
    // One privacy key for contacts, the scheduler and analytics: the scheduler keeps a message's
    // links under the contact's keyed hash, which contacts' erasure and analytics' attribution of
    // an order must find again.
    privacyKey = LocalPrivacyKey.generate();
    // Analytics attributes an order to the contact's messages, those contacts recorded and those
    // with links: contacts' and links' ports are known before analytics starts.
    ports.put("contacts", FreePorts.pick());
    ports.put("links", FreePorts.pick());
    startService(
        "analytics",
        "dev.relais.analytics.AnalyticsMain",
        Map.of(
            "CONTACTS_ADDRESS",
            address("contacts"),
            "LINKS_ADDRESS",
            address("links"),
            LocalPrivacyKey.VARIABLE,
            privacyKey));
    // Links redirect on a port of their own, the one the links' base URL names.
    int redirectPort = FreePorts.pick();
    linksBaseUrl = "http://127.0.0.1:" + redirectPort;
    startService(
        "links",
        "dev.relais.links.LinksMain",
        Map.of(
            "LINKS_PORT",
            Integer.toString(redirectPort),
            "LINKS_BASEURL",
            linksBaseUrl,
            // Clicks within seconds of a message's delivery are told apart by its receipt's time.
            "ANALYTICS_ADDRESS",
            address("analytics")));
    startService(
        "contacts",
        "dev.relais.contacts.ContactsMain",
        Map.of(
            "SCHEDULER_ADDRESS",
            address("scheduler"),
            // Erasure and export reach the links of a contact's messages, as in a cluster.
            "LINKS_ADDRESS",
            address("links"),
            LocalPrivacyKey.VARIABLE,
            privacyKey));
    startScheduler();
    awaitReady("analytics", "links", "contacts", "scheduler");
    options.log().println("  links redirect at " + linksBaseUrl + "/<token>");
  }

  private void startScheduler() throws IOException {
    startService(
        "scheduler",
        "dev.relais.scheduler.SchedulerMain",
        Map.of(
            "CONTACTS_ADDRESS",
            address("contacts"),
            "ANALYTICS_ADDRESS",
            address("analytics"),
            "LINKS_ADDRESS",
            address("links"),
            LocalPrivacyKey.VARIABLE,
            privacyKey));
  }

  /** Base URL of the short links in messages, e.g. {@code http://127.0.0.1:41234}. */
  public String linksBaseUrl() {
    return linksBaseUrl;
  }

  /**
   * Kills the scheduler at once, with SIGKILL as {@code kill -9} or a node failure would: no page
   * finished, no progress saved, no campaign lease released. Returns once the process is gone.
   */
  public void killScheduler() {
    ChildProcess process = services.get("scheduler");
    if (!process.killAndWait(Duration.ofSeconds(10))) {
      throw new IllegalStateException("scheduler still alive after SIGKILL");
    }
    options.log().println("  scheduler killed");
  }

  /**
   * Freezes the scheduler (SIGSTOP) where it stands, so that a test can look at what it has written
   * before deciding to kill it; {@link #thawScheduler} lets it go on.
   */
  public void freezeScheduler() {
    signalScheduler("STOP");
  }

  /** Lets a frozen scheduler go on (SIGCONT). */
  public void thawScheduler() {
    signalScheduler("CONT");
  }

  private void signalScheduler(String signal) {
    long pid = services.get("scheduler").pid();
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the scheduler again on its port, with its environment, as a Deployment replaces a lost
   * pod (with a new lease owner identity); returns once it is ready.
   */
  public void restartScheduler() throws IOException {
    // The new process writes the same log file: the killed one's log is kept beside it.
    Path log = options.workDirectory().resolve("logs/scheduler.log");
    if (Files.exists(log)) {
      Files.move(
          log,
          log.resolveSibling("scheduler-before-restart.log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    startScheduler();
    awaitReady("scheduler");
  }

  private Map<String, String> baseEnvironment(int port) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SERVER_HOST", "127.0.0.1");
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("CASSANDRA_HOSTS", cassandraContactPoint);
    env.put("CASSANDRA_PREFIX", options.keyspacePrefix());
    if (!options.clockOffset().isZero()) {
      env.put("CLOCK_OFFSET", options.clockOffset().toString());
    }
    return env;
  }

  private void startService(String name, String mainClass, Map<String, String> extra)
      throws IOException {
    int port = ports.containsKey(name) ? ports.get(name) : FreePorts.pick();
    Map<String, String> env = baseEnvironment(port);
    env.putAll(extra);
    env.putAll(options.serviceEnvironment().getOrDefault(name, Map.of()));
    ports.put(name, port);
    services.put(
        name,
        ChildProcess.start(
            name,
            mainClass,
            env,
            "512m",
            options.workDirectory().resolve("logs/" + name + ".log")));
  }

  private void awaitReady(String... names) {
    for (String name : names) {
      services.get(name).awaitReady(ports.get(name), Duration.ofSeconds(120));
      options.log().println("  " + name + " ready on port " + ports.get(name));
    }
  }

  /**
   * Deploys a route: its SMSC ({@link LocalSmsc}: by default a simulator listening where the route
   * points, its port if free) and {@code replicas} dispatch processes bound to it.
   */
  public RouteRuntime deployRoute(
      dev.relais.operator.api.SmppRoute route, String password, int replicas) throws IOException {
    return routes.deploy(route, password, replicas);
  }

  /**
   * Starts one more dispatch replica of a deployed route, as a ReplicaSet replaces a lost pod: the
   * environment {@link #deployRoute} gives (the route's TPS still divided by the replica count it
   * was deployed with), the next replica index, a lease owner name of its own. Returns once the
   * replica is ready; returns its index.
   */
  public int startDispatcher(String route) throws IOException {
    return routes.startReplica(route);
  }

  /**
   * Kills dispatch replica {@code replica} of a route at once, with SIGKILL as {@code kill -9} or a
   * node failure would: no drain, no commit, no lease release. Returns once the process is gone.
   */
  public void killDispatcher(String route, int replica) {
    routes.kill(route, replica);
  }

  /** What a dispatch process serving on {@code port} gets from the platform. */
  private Map<String, String> dispatchEnvironment(int port) {
    Map<String, String> env = baseEnvironment(port);
    env.put("CONTACTS_ADDRESS", address("contacts"));
    env.put("ANALYTICS_ADDRESS", address("analytics"));
    env.putAll(options.serviceEnvironment().getOrDefault("dispatch", Map.of()));
    return env;
  }

  private String address(String service) {
    return "127.0.0.1:" + ports.get(service);
  }

  private Channel channel(String service) {
    return channels.computeIfAbsent(
        service, s -> GrpcChannels.connect(new HostPort("127.0.0.1", ports.get(s)), telemetry));
  }

  public ContactsServiceGrpc.ContactsServiceBlockingStub contacts() {
    return ContactsServiceGrpc.newBlockingStub(channel("contacts"));
  }

  public ContactsServiceGrpc.ContactsServiceStub contactsAsync() {
    return ContactsServiceGrpc.newStub(channel("contacts"));
  }

  public SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler() {
    return SchedulerServiceGrpc.newBlockingStub(channel("scheduler"));
  }

  public AnalyticsServiceGrpc.AnalyticsServiceBlockingStub analytics() {
    return AnalyticsServiceGrpc.newBlockingStub(channel("analytics"));
  }

  public DispatchServiceGrpc.DispatchServiceBlockingStub dispatch(String route) {
    return DispatchServiceGrpc.newBlockingStub(
        channels.computeIfAbsent(
            "dispatch-" + route,
            s ->
                GrpcChannels.connect(
                    new HostPort("127.0.0.1", routes.get(route).grpcPort()), telemetry)));
  }

  public RouteRuntime route(String name) {
    return routes.find(name);
  }

  public String cassandraContactPoint() {
    return cassandraContactPoint;
  }

  /** Process ids of the platform, by name; Cassandra included when embedded. */
  public Map<String, Long> processes() {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (embedded != null) {
      pids.put("cassandra", embedded.pid());
    }
    services.forEach((name, p) -> pids.put(name, p.pid()));
    routes.all().forEach(r -> r.dispatchers().forEach(d -> pids.put(d.name(), d.pid())));
    pids.put("launcher+simulator", ProcessHandle.current().pid());
    return pids;
  }

  /** Peak resident memory per process (bytes). */
  public Map<String, Long> peakMemory() {
    Map<String, Long> peaks = new LinkedHashMap<>();
    processes().forEach((name, pid) -> peaks.put(name, ProcessStats.peakRssBytes(pid)));
    return peaks;
  }

  /** Stops dispatch first (it flushes to analytics), then the services, then Cassandra. */
  @Override
  public void close() {
    routes.close();
    List<ChildProcess> reversed = new ArrayList<>(services.values());
    java.util.Collections.reverse(reversed);
    reversed.forEach(ChildProcess::close);
    if (embedded != null) {
      embedded.close();
    }
    telemetry.close();
  }

  static void wipe(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
