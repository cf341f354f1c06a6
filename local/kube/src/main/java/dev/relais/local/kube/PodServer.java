package dev.relais.local.kube;

import java.util.Map;

/**
 * Where a running pod's program serves: the loopback port its SERVER_PORT got (where a Relais
 * service answers gRPC, {@code /health} and {@code /metrics}).
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name ("deployment-ordinal")
 * @param labels the labels of the pod's template
 * @param port the loopback port
 * @param https whether it serves HTTPS only (its probes say so: a service with mutual TLS)
 */
public record PodServer(
    String namespace, String pod, Map<String, String> labels, int port, boolean https) {

  public PodServer {
    labels = Map.copyOf(labels);
  }

  /** A pod serving plain HTTP. */
  public PodServer(String namespace, String pod, Map<String, String> labels, int port) {
    this(namespace, pod, labels, port, false);
  }
}
