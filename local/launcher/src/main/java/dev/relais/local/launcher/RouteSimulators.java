package dev.relais.local.launcher;

import dev.relais.operator.api.SmppRoute;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SMSCs of routes applied to a running local cluster: watches every SmppRoute and gives each
 * its {@link LocalSmsc} as it comes (a simulator with the route's account, password read from the
 * Secret the route names, unless the route is annotated external), stops it when the route is
 * deleted. A route whose simulator could not take the route's own address is pointed at the
 * simulator (its {@code spec.host} and {@code spec.port} are changed in the API server), as the
 * demo does before it applies a route; a route applied again with its own address is pointed back.
 */
final class RouteSimulators implements AutoCloseable {

  /** A route's SMSC and the account it was started for. */
  private record Running(LocalSmsc smsc, String systemId, String password) {}

  private final KubernetesClient client;
  private final PrintStream log;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private SharedIndexInformer<SmppRoute> informer;

  RouteSimulators(KubernetesClient client, PrintStream log) {
    this.client = client;
    this.log = log;
  }

  /** Starts watching; routes already applied get their SMSC now. */
  RouteSimulators start() {
    informer =
        client
            .resources(SmppRoute.class)
            .inAnyNamespace()
            // The resync retries a route whose Secret was not there yet.
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(SmppRoute route) {
                    changed(route);
                  }

                  @Override
                  public void onUpdate(SmppRoute before, SmppRoute route) {
                    changed(route);
                  }

                  @Override
                  public void onDelete(SmppRoute route, boolean finalStateUnknown) {
                    gone(route);
                  }
                },
                2_000);
    return this;
  }

  /** The SMSC of each route by {@code namespace/name}, simulated or the route's own. */
  Map<String, LocalSmsc> smscs() {
    Map<String, LocalSmsc> smscs = new java.util.TreeMap<>();
    running.forEach((key, r) -> smscs.put(key, r.smsc()));
    return smscs;
  }

  /** Why a route has no SMSC yet, by {@code namespace/name}. */
  Map<String, String> problems() {
    return Map.copyOf(problems);
  }

  private synchronized void changed(SmppRoute route) {
    String key = key(route);
    try {
      boolean external = LocalSmsc.external(route);
      String password = external ? "" : password(route);
      Running current = running.get(key);
      boolean same =
          current != null
              && current.smsc().simulator().isPresent() != external
              && (external
                  || (Objects.equals(current.systemId(), route.getSpec().systemId)
                      && current.password().equals(password)));
      if (!same) {
        if (current != null) {
          current.smsc().close();
          running.remove(key);
        }
        LocalSmsc smsc = LocalSmsc.forRoute(route, password, b -> {}, log);
        running.put(key, new Running(smsc, route.getSpec().systemId, password));
        current = running.get(key);
      }
      problems.remove(key);
      pointAt(route, current.smsc());
    } catch (IllegalArgumentException | KubernetesClientException e) {
      String problem = Objects.requireNonNullElse(e.getMessage(), e.toString());
      if (!problem.equals(problems.put(key, problem))) {
        log.println("Route " + key + ": no SMSC yet: " + problem);
      }
    }
  }

  private String password(SmppRoute route) {
    var ref = route.getSpec().passwordSecretRef;
    if (ref == null || ref.name == null) {
      throw new IllegalArgumentException("it names no passwordSecretRef");
    }
    Secret secret =
        client.secrets().inNamespace(route.getMetadata().getNamespace()).withName(ref.name).get();
    if (secret == null) {
      throw new IllegalArgumentException(
          "waiting for Secret " + ref.name + " (the SMSC account's password)");
    }
    return Manifests.secretValue(secret, ref.key);
  }

  /** Makes the route bind where its SMSC listens, if it does not already. */
  private void pointAt(SmppRoute route, LocalSmsc smsc) {
    if (smsc.simulator().isEmpty()
        || (smsc.host().equals(route.getSpec().host)
            && Integer.valueOf(smsc.port()).equals(route.getSpec().port))) {
      return;
    }
    client
        .resources(SmppRoute.class)
        .inNamespace(route.getMetadata().getNamespace())
        .withName(route.getMetadata().getName())
        .edit(r -> {
          r.getSpec().host = smsc.host();
          r.getSpec().port = smsc.port();
          return r;
        });
    log.println("Route " + key(route) + ": pointed at its simulator on " + smsc.address());
  }

  private synchronized void gone(SmppRoute route) {
    String key = key(route);
    problems.remove(key);
    Running removed = running.remove(key);
    if (removed != null) {
      removed.smsc().close();
      if (removed.smsc().simulator().isPresent()) {
        log.println("Route " + key + " deleted: its SMSC simulator stopped");
      }
    }
  }

  private static String key(SmppRoute route) {
    return route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
  }

  /** Stops following the routes; the simulators go on until {@link #close}. */
  void stopWatching() {
    if (informer != null) {
      informer.close();
    }
  }

  /** Stops watching, then every simulator. */
  @Override
  public synchronized void close() {
    stopWatching();
    running.values().forEach(r -> r.smsc().close());
    running.clear();
  }
}
