package dev.relais.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.relais.logging.TraceLogFormat;
import dev.relais.operator.autoscale.DispatchReplicaCalculator;
import dev.relais.operator.metrics.OperatorMetrics;
import dev.relais.operator.reconciler.CampaignReconciler;
import dev.relais.operator.reconciler.SegmentReconciler;
import dev.relais.operator.reconciler.SenderIdReconciler;
import dev.relais.operator.reconciler.SmppRouteReconciler;
import dev.relais.operator.reconciler.SmsPlatformReconciler;
import dev.relais.operator.services.OperatorServices;
import dev.relais.operator.telemetry.ReconcileTracing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the Relais operator: the reconcilers of the relais.dev kinds, and health endpoints and
 * metrics ({@code /metrics}) on the health port.
 */
public final class OperatorMain implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OperatorMain.class.getName());

  private final Operator operator;
  private final HttpServer health;
  private final OperatorServices services;
  private final ReconcileTracing tracing;
  private final OperatorMetrics metrics;

  private OperatorMain(
      Operator operator,
      HttpServer health,
      OperatorServices services,
      ReconcileTracing tracing,
      OperatorMetrics metrics) {
    this.operator = operator;
    this.health = health;
    this.services = services;
    this.tracing = tracing;
    this.metrics = metrics;
  }

  public static void main(String[] args) throws IOException {
    logLevel(System.getenv("RELAIS_LOG_LEVEL"));
    // Records written inside a reconcile carry its trace and span ids (ReconcileTracing).
    TraceLogFormat.install(System.getenv("RELAIS_LOG_FORMAT"));
    OperatorSettings settings = OperatorSettings.fromEnvironment();
    if (args.length > 0 && args[0].equals("release-finalizers")) {
      // Run by the chart's uninstall hook: see FinalizerRelease.
      try (KubernetesClient client = new KubernetesClientBuilder().build()) {
        int released = new FinalizerRelease(client).run(settings.watchNamespaces());
        LOG.info("released the finalizers of " + released + " campaign(s)");
      }
      return;
    }
    OperatorMain main = start(settings, new KubernetesClientBuilder().build(), true);
    Runtime.getRuntime().addShutdownHook(new Thread(main::close, "relais-operator-shutdown"));
    LOG.info(
        "relais operator started; health on port "
            + main.healthPort()
            + ", watching "
            + (settings.watchNamespaces().isEmpty()
                ? "all namespaces"
                : settings.watchNamespaces()));
  }

  /** Applies the chart's log level (ERROR, WARN, INFO, DEBUG, TRACE) to java.util.logging. */
  private static void logLevel(String name) {
    if (name == null || name.isBlank()) {
      return;
    }
    Level level =
        switch (name.strip().toUpperCase(Locale.ROOT)) {
          case "ERROR" -> Level.SEVERE;
          case "WARN" -> Level.WARNING;
          case "DEBUG" -> Level.FINE;
          case "TRACE" -> Level.FINEST;
          default -> Level.INFO;
        };
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    for (Handler handler : root.getHandlers()) {
      handler.setLevel(level);
    }
  }

  /**
   * Builds, registers and starts the operator on the given client; {@code closeClient} says whether
   * stopping the operator closes the client (tests keep theirs).
   */
  public static OperatorMain start(
      OperatorSettings settings, KubernetesClient client, boolean closeClient) throws IOException {
    ReconcileTracing tracing = ReconcileTracing.fromEnvironment();
    return start(
        settings,
        client,
        closeClient,
        OperatorServices.grpc(
            settings.serviceAddresses(),
            settings.callTimeout(),
            tracing.openTelemetry(),
            settings.tls()),
        tracing);
  }

  /** As {@link #start(OperatorSettings, KubernetesClient, boolean)}, with the given services. */
  public static OperatorMain start(
      OperatorSettings settings,
      KubernetesClient client,
      boolean closeClient,
      OperatorServices services)
      throws IOException {
    return start(settings, client, closeClient, services, ReconcileTracing.fromEnvironment());
  }

  private static OperatorMain start(
      OperatorSettings settings,
      KubernetesClient client,
      boolean closeClient,
      OperatorServices services,
      ReconcileTracing tracing)
      throws IOException {
    OperatorMetrics metrics = new OperatorMetrics(tracing);
    Operator operator = create(settings, client, closeClient, Clock.systemUTC(), services, metrics);
    HttpServer health = healthServer(settings, operator, metrics);
    operator.start();
    return new OperatorMain(operator, health, services, tracing, metrics);
  }

  /**
   * The operator with every reconciler registered, not yet started: each reconciliation is counted
   * in {@code metrics} (and traced by the Metrics it encloses), as are the autoscaler's decisions.
   */
  public static Operator create(
      OperatorSettings settings,
      KubernetesClient client,
      boolean closeClient,
      Clock clock,
      OperatorServices services,
      OperatorMetrics metrics) {
    Operator operator =
        new Operator(o -> {
          o.withKubernetesClient(client)
              .withMetrics(metrics)
              .withCloseClientOnStop(closeClient)
              .withUseSSAToPatchPrimaryResource(settings.useServerSideApply())
              .withSSABasedCreateUpdateMatchForDependentResources(settings.useServerSideApply());
          if (settings.leaderElection()) {
            o.withLeaderElectionConfiguration(
                new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace()));
          }
        });
    register(
        operator,
        new SmsPlatformReconciler(settings.useServerSideApply(), clock, settings.tls().present()),
        settings);
    register(operator, new SenderIdReconciler(clock), settings);
    register(
        operator,
        new SmppRouteReconciler(
            settings.platform(),
            settings.useServerSideApply(),
            services.scheduler(),
            services.routeStats(),
            services.addresses(),
            settings.autoscaleInterval(),
            calculatorSettings(settings),
            clock,
            metrics),
        settings);
    register(
        operator,
        new SegmentReconciler(
            services.segments(), services.addresses(), settings.segmentRefresh(), clock),
        settings);
    register(
        operator,
        new CampaignReconciler(
            services.scheduler(),
            services.segments(),
            services.addresses(),
            settings.campaignTiming(),
            clock),
        settings);
    return operator;
  }

  /** The calculator's defaults, with the stabilisation window the operator is told. */
  private static DispatchReplicaCalculator.Settings calculatorSettings(OperatorSettings settings) {
    DispatchReplicaCalculator.Settings defaults = DispatchReplicaCalculator.Settings.defaults();
    return new DispatchReplicaCalculator.Settings(
        defaults.nominalReplicaRate(),
        settings.scaleDownStabilisation(),
        defaults.drainRateWindow(),
        defaults.rateSettleTime(),
        defaults.saturationRatio(),
        defaults.scaleUpPods(),
        defaults.scaleUpFactor());
  }

  private static <P extends HasMetadata> RegisteredController<P> register(
      Operator operator, Reconciler<P> reconciler, OperatorSettings settings) {
    Consumer<ControllerConfigurationOverrider<P>> namespaces =
        settings.watchNamespaces().isEmpty()
            ? ControllerConfigurationOverrider::watchingAllNamespaces
            : o -> o.settingNamespaces(settings.watchNamespaces());
    return operator.register(reconciler, namespaces);
  }

  private static HttpServer healthServer(
      OperatorSettings settings, Operator operator, OperatorMetrics metrics) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(settings.healthHost(), settings.healthPort()), 0);
    server.createContext("/health/live", exchange -> respond(exchange, true));
    // Ready once the informers are up and healthy; a standby (not the leader) is ready too.
    server.createContext(
        "/health/ready",
        exchange ->
            respond(
                exchange,
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy()));
    server.createContext(
        "/metrics",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", metrics.contentType());
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            metrics.write(out);
          }
        });
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.start();
    return server;
  }

  private static void respond(HttpExchange exchange, boolean up) throws IOException {
    byte[] body = (up ? "UP" : "DOWN").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(up ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Port the health endpoints listen on. */
  public int healthPort() {
    return health.getAddress().getPort();
  }

  @Override
  public void close() {
    health.stop(0);
    operator.stop();
    try {
      services.onClose().close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "could not release the service connections", e);
    }
    tracing.close();
    metrics.close();
  }
}
