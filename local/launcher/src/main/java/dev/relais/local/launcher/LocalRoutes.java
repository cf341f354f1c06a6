package dev.relais.local.launcher;

import dev.relais.local.kube.ChildProcess;
import dev.relais.local.launcher.LocalPlatform.RouteRuntime;
import dev.relais.operator.api.SmppRoute;
import dev.relais.smsc.SmscSimulatorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The routes of the direct mode: per route its SMSC ({@link LocalSmsc}) and its dispatch replicas,
 * each a process started with the environment the route's Deployment would give it.
 */
final class LocalRoutes implements AutoCloseable {

  /** What a route's dispatch was deployed with, so that more replicas start alike. */
  private record RouteDeployment(SmppRoute route, String password, int replicas) {}

  private final Path logs;
  private final PrintStream log;
  private final Consumer<SmscSimulatorConfig.Builder> simulator;
  private final IntFunction<Map<String, String>> platformEnvironment;
  private final Map<String, RouteRuntime> routes = new LinkedHashMap<>();
  private final Map<String, RouteDeployment> deployments = new LinkedHashMap<>();

  /**
   * @param platformEnvironment what every dispatch process gets from the platform (Cassandra, the
   *     services it calls), given the port it serves on
   */
  LocalRoutes(
      Path logs,
      PrintStream log,
      Consumer<SmscSimulatorConfig.Builder> simulator,
      IntFunction<Map<String, String>> platformEnvironment) {
    this.logs = logs;
    this.log = log;
    this.simulator = simulator;
    this.platformEnvironment = platformEnvironment;
  }

  RouteRuntime deploy(SmppRoute route, String password, int replicas) throws IOException {
    String name = route.getMetadata().getName();
    LocalSmsc smsc = LocalSmsc.forRoute(route, password, simulator, log);
    List<ChildProcess> dispatchers = new ArrayList<>();
    int firstPort = FreePorts.pick();
    // Tracked before they are ready, so that close() stops them whatever happens next.
    RouteRuntime runtime = new RouteRuntime(name, smsc, dispatchers, firstPort);
    routes.put(name, runtime);
    deployments.put(name, new RouteDeployment(route, password, replicas));
    for (int i = 0; i < replicas; i++) {
      startReplica(runtime, i == 0 ? firstPort : FreePorts.pick());
    }
    log.println("  dispatch for route " + name + " ready (" + replicas + " replica(s))");
    return runtime;
  }

  int startReplica(String route) throws IOException {
    RouteRuntime runtime = get(route);
    int index = runtime.dispatchers().size();
    startReplica(runtime, FreePorts.pick());
    log.println("  dispatch replica " + index + " for route " + route + " ready");
    return index;
  }

  void kill(String route, int replica) {
    List<ChildProcess> dispatchers = get(route).dispatchers();
    if (replica < 0 || replica >= dispatchers.size()) {
      throw new IllegalArgumentException(
          "route " + route + " has replicas 0 to " + (dispatchers.size() - 1) + ", not " + replica);
    }
    ChildProcess process = dispatchers.get(replica);
    if (!process.killAndWait(Duration.ofSeconds(10))) {
      throw new IllegalStateException(process.name() + " still alive after SIGKILL");
    }
    log.println("  dispatch replica " + replica + " for route " + route + " killed");
  }

  RouteRuntime get(String route) {
    RouteRuntime runtime = routes.get(route);
    if (runtime == null) {
      throw new IllegalArgumentException("route " + route + " is not deployed");
    }
    return runtime;
  }

  /** The deployed route, or null. */
  RouteRuntime find(String route) {
    return routes.get(route);
  }

  Collection<RouteRuntime> all() {
    return routes.values();
  }

  /** Starts the next replica of a route on {@code port} and waits until it is ready. */
  private void startReplica(RouteRuntime runtime, int port) throws IOException {
    RouteDeployment deployment = deployments.get(runtime.route());
    String name = runtime.route() + "-" + runtime.dispatchers().size();
    Map<String, String> env = new LinkedHashMap<>(platformEnvironment.apply(port));
    // The TPS share stays that of the replica count the route was deployed with.
    env.putAll(
        DirectDispatchEnvironment.of(
            deployment.route(), deployment.password(), runtime.smsc(), deployment.replicas()));
    env.put("DISPATCH_OWNER", name);
    ChildProcess process =
        ChildProcess.start(
            "dispatch-" + name,
            "dev.relais.dispatch.DispatchMain",
            env,
            "768m",
            logs.resolve("dispatch-" + name + ".log"));
    // Tracked before it is ready, so that close() stops it whatever happens next.
    runtime.dispatchers().add(process);
    process.awaitReady(port, Duration.ofSeconds(120));
  }

  /** Stops every dispatch process, then the simulators. */
  @Override
  public void close() {
    for (RouteRuntime route : routes.values()) {
      route.dispatchers().forEach(ChildProcess::close);
      route.smsc().close();
    }
  }
}
