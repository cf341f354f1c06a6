package dev.relais.local.kube;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster DNS of the local mode: maps a Service's names ({@code name}, {@code name.namespace},
 * {@code name.namespace.svc}, {@code name.namespace.svc.cluster.local}) and port to the loopback
 * address of its proxy, and rewrites {@code host:port} values in a container's environment with it.
 */
public final class ServiceDirectory {

  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![\\w.-])([a-z0-9]([a-z0-9.-]*[a-z0-9])?):([0-9]{1,5})(?![\\w.])");

  /** "namespace/name:port" to the proxy's loopback port. */
  private final Map<String, Integer> proxies = new ConcurrentHashMap<>();

  /** Ports reserved before their Service exists, by the same key. */
  private final Map<String, Integer> reserved = new ConcurrentHashMap<>();

  void register(String namespace, String name, int servicePort, int proxyPort) {
    proxies.put(key(namespace, name, servicePort), proxyPort);
  }

  void unregister(String namespace, String name, int servicePort) {
    proxies.remove(key(namespace, name, servicePort));
  }

  /**
   * Chooses now the loopback port a Service's proxy will listen on once the Service exists, so that
   * a caller configured before (an operator told fixed addresses) can use it.
   */
  public void reserve(String namespace, String name, int servicePort, int proxyPort) {
    reserved.put(key(namespace, name, servicePort), proxyPort);
  }

  /** The reserved proxy port of a Service, 0 when none. */
  int reservedPort(String namespace, String name, int servicePort) {
    return reserved.getOrDefault(key(namespace, name, servicePort), 0);
  }

  /** {@code 127.0.0.1:port} of the Service's proxy, as seen from {@code fromNamespace}. */
  public Optional<String> resolve(String fromNamespace, String host, int port) {
    String[] labels = host.split("\\.");
    String name = labels[0];
    String namespace = labels.length > 1 ? labels[1] : fromNamespace;
    if (labels.length > 2
        && !host.substring(name.length() + namespace.length() + 2)
            .matches("svc(\\.cluster\\.local)?")) {
      return Optional.empty();
    }
    Integer proxy = proxies.get(key(namespace, name, port));
    return proxy == null ? Optional.empty() : Optional.of("127.0.0.1:" + proxy);
  }

  /** {@code value} with every {@code service:port} it names replaced by the proxy's address. */
  public String rewrite(String fromNamespace, String value) {
    Matcher m = HOST_PORT.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Optional<String> local = resolve(fromNamespace, m.group(1), Integer.parseInt(m.group(3)));
      m.appendReplacement(out, Matcher.quoteReplacement(local.orElse(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The first {@code host:port} in {@code rewritten} (a value {@link #rewrite} returned) that can
   * only be a Service of the cluster (a single DNS label, or a {@code .svc} name): one that had no
   * Service here when it was rewritten; empty when there is none. A pod is not started before its
   * Services exist: its addresses are fixed once it runs. Checking what the rewrite left, rather
   * than resolving again, keeps a Service registered in between from letting a name through.
   */
  public Optional<String> unrewritten(String rewritten) {
    Matcher m = HOST_PORT.matcher(rewritten);
    while (m.find()) {
      String host = m.group(1);
      boolean clusterName =
          (!host.contains(".") && !host.equals("localhost") && !host.matches("[0-9]+"))
              || host.matches("[^.]+\\.[^.]+\\.svc(\\.cluster\\.local)?");
      if (clusterName) {
        return Optional.of(m.group());
      }
    }
    return Optional.empty();
  }

  private static String key(String namespace, String name, int port) {
    return namespace + "/" + name + ":" + port;
  }
}
