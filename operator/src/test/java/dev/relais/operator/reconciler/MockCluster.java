package dev.relais.operator.reconciler;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The Fabric8 mock API server in CRUD mode with every relais.dev CRD installed: the stand-in for a
 * cluster (no API server binary can run here). It has no garbage collector and no kubelet.
 */
final class MockCluster implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  MockCluster(String... namespaces) {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
    // The CRUD server learns the kinds (and their status subresource) from the CRDs themselves.
    try (Stream<Path> crds = Files.list(Path.of("../crds"))) {
      for (Path crd : crds.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          CustomResourceDefinition definition =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(definition).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String namespace : namespaces) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
  }

  KubernetesClient client() {
    return client;
  }

  <T extends HasMetadata> T create(T resource) {
    return client.resource(resource).create();
  }

  /** Warning and Normal events recorded on one object, oldest first. */
  List<Event> events(String namespace, String kind, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /**
   * Runs a user's edit, again on a conflict: the operator patches the same objects concurrently,
   * exactly as on a real cluster.
   */
  static void edit(Runnable edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        edit.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Polls until the value satisfies the condition; the operator works asynchronously. */
  static <T> T await(Supplier<T> value, Predicate<T> condition) {
    return await(value, condition, TIMEOUT);
  }

  static <T> T await(Supplier<T> value, Predicate<T> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    T last = null;
    while (Instant.now().isBefore(deadline)) {
      last = value.get();
      if (last != null && condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    String described = String.valueOf(last);
    return fail(
        "condition not reached within "
            + timeout
            + "; last value: "
            + described.substring(0, Math.min(described.length(), 3000)));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
