package dev.relais.local.kube;

import dev.relais.local.kube.api.ApiDispatcher;
import dev.relais.local.kube.api.ApiHttpServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.stream.Stream;

/**
 * The Kubernetes API of the local mode, on loopback: the Fabric8 mock API server's CRUD store
 * behind an HTTP layer that real clients accept. The Fabric8 client (operator, launcher) and
 * kubectl both use it: discovery and OpenAPI v3 follow the CRDs created, {@code kubectl get} gets
 * Tables with the CRDs' printer columns, watches stream over plain HTTP or WebSockets, and refusals
 * come back as {@code Status} objects. It has no controllers: no garbage collector, no scheduler,
 * no kubelet ({@link ProcessKubelet} plays the kubelet, {@link OwnerCollector} the collector).
 */
public final class LocalApiServer implements AutoCloseable {

  /** The API group whose objects go through the {@link ResourceValidator}. */
  public static final String VALIDATED_GROUP = "relais.dev";

  /** The name of the cluster, user and context in the kubeconfig files this server writes. */
  public static final String CONTEXT = "relais-local";

  private final ApiDispatcher dispatcher;
  private final ApiHttpServer http;
  private final KubernetesClient client;

  private LocalApiServer(ApiDispatcher dispatcher, ApiHttpServer http) {
    this.dispatcher = dispatcher;
    this.http = http;
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url(http.port()))
            .withNamespace("default")
            .withHttp2Disable(true)
            .build();
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Starts an empty API server on a free loopback port. */
  public static LocalApiServer start() {
    return start(0);
  }

  /** Starts an empty API server on {@code port} of the loopback address (0 for a free one). */
  public static LocalApiServer start(int port) {
    ApiDispatcher dispatcher = new ApiDispatcher(VALIDATED_GROUP, Clock.systemUTC());
    return new LocalApiServer(
        dispatcher, new ApiHttpServer(dispatcher, InetAddress.getLoopbackAddress(), port));
  }

  /**
   * Checks every {@value #VALIDATED_GROUP} object created, replaced or patched with {@code
   * validator} from now on; its problems refuse the write (422 Invalid).
   */
  public void validateWith(ResourceValidator validator) {
    dispatcher.validateWith(validator == null ? ResourceValidator.NONE : validator);
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

  /** The API server's URL, e.g. {@code http://127.0.0.1:41234/}. */
  public String url() {
    return url(http.port());
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port + "/";
  }

  /** Writes a kubeconfig for this server whose context uses the {@code default} namespace. */
  public Path writeKubeconfig(Path file) {
    return writeKubeconfig(file, "default");
  }

  /**
   * Writes (or overwrites) a kubeconfig file with one cluster, user and context, all named {@value
   * #CONTEXT}, current and pointing at this server, with {@code namespace} as the context's
   * namespace. kubectl then works as on a cluster: {@code KUBECONFIG=file kubectl get campaigns}.
   */
  public Path writeKubeconfig(Path file, String namespace) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %3$s
        current-context: %1$s
        preferences: {}
        """
            .formatted(CONTEXT, url().substring(0, url().length() - 1), namespace);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, yaml);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file keeps its default permissions
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
    }
  }

  @Override
  public void close() {
    client.close();
    http.close();
  }
}
