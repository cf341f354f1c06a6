package dev.relais.local.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Kubernetes API of the local mode: the Fabric8 mock API server in CRUD mode on loopback, the
 * stand-in for a cluster where no API server can run. It stores and watches objects (custom
 * resources included, once their CRDs are created) but has no controllers: no garbage collector, no
 * scheduler, no kubelet. {@link ProcessKubelet} plays the kubelet.
 */
public final class LocalApiServer implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private LocalApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts an empty API server on a free loopback port. */
  public static LocalApiServer start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(java.net.InetAddress.getLoopbackAddress(), 0);
    return new LocalApiServer(server);
  }

  /** Creates every CRD found as a YAML file in {@code directory}; returns how many. */
  public int installCrds(Path directory) {
    int count = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(crd).create();
          count++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs in " + directory, e);
    }
    return count;
  }

  /** Creates a namespace (the mock server needs none, but clients and operators list them). */
  public void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(existing -> existing.update());
  }

  /** A client of this API server; closed with it. */
  public KubernetesClient client() {
    return client;
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:41234/}. */
  public String url() {
    return client.getMasterUrl().toString();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
