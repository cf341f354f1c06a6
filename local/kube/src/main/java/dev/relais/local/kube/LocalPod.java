package dev.relais.local.kube;

import java.time.Instant;
import java.util.Map;

/**
 * One replica of a Deployment, run as a local JVM: its process, the loopback port each of its
 * container ports got, and whether its readiness check passed.
 */
final class LocalPod {

  private final String name;
  private final int ordinal;
  private final ChildProcess process;
  private final Map<Integer, Integer> localPorts;
  private final int serverPort;
  private final int readinessPort;
  private final boolean httpsProbe;
  private final Instant started = Instant.now();
  private volatile boolean ready;

  LocalPod(
      String name,
      int ordinal,
      ChildProcess process,
      Map<Integer, Integer> localPorts,
      int serverPort,
      int readinessPort,
      boolean httpsProbe) {
    this.name = name;
    this.ordinal = ordinal;
    this.process = process;
    this.localPorts = Map.copyOf(localPorts);
    this.serverPort = serverPort;
    this.readinessPort = readinessPort;
    this.httpsProbe = httpsProbe;
  }

  String name() {
    return name;
  }

  int ordinal() {
    return ordinal;
  }

  ChildProcess process() {
    return process;
  }

  /** The loopback port serving {@code containerPort}, 0 when the container declared none. */
  int localPort(int containerPort) {
    return localPorts.getOrDefault(containerPort, 0);
  }

  /** The loopback port of the program's server (its SERVER_PORT), 0 when it serves none. */
  int serverPort() {
    return serverPort;
  }

  /** Whether the pod is probed over HTTPS (it serves nothing else). */
  boolean httpsProbe() {
    return httpsProbe;
  }

  Instant started() {
    return started;
  }

  boolean alive() {
    return process.alive();
  }

  boolean ready() {
    return ready && process.alive();
  }

  /**
   * Runs the readiness check (GET /health/ready on the probe's port, over HTTPS when the probe says
   * so) and remembers the answer.
   */
  boolean probe() {
    ready = process.alive() && (readinessPort == 0 || process.ready(readinessPort, httpsProbe));
    return ready;
  }
}
