package dev.relais.local.launcher;

import dev.relais.operator.api.SmppRoute;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The SMSC a route's dispatch binds to on this machine. By default the launcher starts an SMSC
 * simulator in place of the route's carrier (on the route's port when it is free) and says so; a
 * route annotated {@value #ANNOTATION}{@code : external} keeps its own host and port (a carrier's
 * test SMSC, another simulator), and no simulator is started for it.
 */
public final class LocalSmsc implements AutoCloseable {

  /** Annotation of an SmppRoute choosing its SMSC in the local platform. */
  public static final String ANNOTATION = "relais.dev/local-smsc";

  /** The annotation's value for the launcher's SMSC simulator, the default. */
  public static final String SIMULATOR = "simulator";

  /** The annotation's value for the route's own host and port. */
  public static final String EXTERNAL = "external";

  private final String host;
  private final int port;
  private final SmscSimulator simulator;

  private LocalSmsc(String host, int port, SmscSimulator simulator) {
    this.host = host;
    this.port = port;
    this.simulator = simulator;
  }

  /**
   * The route's SMSC here: its own when annotated external, else a new simulator with the route's
   * account, adjusted by {@code adjust}. Prints once which it is.
   *
   * @throws IllegalArgumentException when the annotation has a value other than the two above
   */
  public static LocalSmsc forRoute(
      SmppRoute route,
      String password,
      Consumer<SmscSimulatorConfig.Builder> adjust,
      PrintStream log) {
    String name = route.getMetadata().getName();
    String routeAddress = route.getSpec().host + ":" + route.getSpec().port;
    if (external(route)) {
      log.println(
          "Route "
              + name
              + ": dispatch connects to the route's own SMSC at "
              + routeAddress
              + " ("
              + ANNOTATION
              + ": "
              + EXTERNAL
              + "); no simulator started");
      return new LocalSmsc(route.getSpec().host, route.getSpec().port, null);
    }
    SmscSimulatorConfig.Builder config = simulatorFor(route, password);
    adjust.accept(config);
    SmscSimulator simulator = SmscSimulator.start(config.build());
    LocalSmsc smsc = new LocalSmsc(simulator.host(), simulator.port(), simulator);
    log.println(
        "Route "
            + name
            + ": its SMSC "
            + routeAddress
            + " is replaced by the local SMSC simulator on "
            + smsc.address()
            + " (annotate the SmppRoute "
            + ANNOTATION
            + ": "
            + EXTERNAL
            + " to bind to the route's own SMSC instead)");
    return smsc;
  }

  /**
   * Whether the route asks for its own SMSC.
   *
   * @throws IllegalArgumentException when the annotation is neither simulator nor external
   */
  public static boolean external(SmppRoute route) {
    Map<String, String> annotations = route.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    if (value == null || value.strip().equals(SIMULATOR)) {
      return false;
    }
    if (value.strip().equals(EXTERNAL)) {
      return true;
    }
    throw new IllegalArgumentException(
        "SmppRoute "
            + route.getMetadata().getName()
            + ": annotation "
            + ANNOTATION
            + " is '"
            + value
            + "'; it must be '"
            + SIMULATOR
            + "' (the default: the local SMSC simulator) or '"
            + EXTERNAL
            + "' (the route's own host and port)");
  }

  /** The simulator of a route in the local modes: its account, on the route's port if free. */
  static SmscSimulatorConfig.Builder simulatorFor(SmppRoute route, String password) {
    return SmscSimulatorConfig.builder()
        .host("127.0.0.1")
        .port(FreePorts.preferOrPick(Objects.requireNonNull(route.getSpec().port, "port")))
        .account(route.getSpec().systemId, password)
        .dlrDelay(Duration.ofMillis(200), Duration.ofMillis(1500))
        // Carriers do not deliver everything: a few handsets are off or numbers gone.
        .outcomeMix(new OutcomeMix(0.95, 0.04, 0.01));
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** host:port, as dispatch is given it. */
  public String address() {
    return host + ":" + port;
  }

  /** The launcher's simulator; empty for a route with its own SMSC. */
  public Optional<SmscSimulator> simulator() {
    return Optional.ofNullable(simulator);
  }

  /** Stops the simulator, if the launcher started one. */
  @Override
  public void close() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
