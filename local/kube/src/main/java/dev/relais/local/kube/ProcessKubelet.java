package dev.relais.local.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kubelet for the local mode: every Deployment in the API server runs as local JVMs, one per
 * replica, started from this JVM's classpath with the main class its image names ({@link
 * ImageCatalog}) and the environment its pod template gives ({@link PodEnvironment}). Replica
 * changes start or stop processes (SIGTERM, as a pod deletion); a changed pod template replaces
 * every replica (stop first, like {@code maxSurge: 0}); a replica that dies is started again. Each
 * Service gets a loopback proxy to its ready endpoints ({@link ServiceDirectory}); the Deployment's
 * status (replicas, ready, available) is written back as the real controllers would.
 *
 * <p>Every process binds 127.0.0.1 on free ports: {@code SERVER_HOST} and {@code SERVER_PORT} are
 * set by the kubelet, whatever the template says, and so is any other {@code *_PORT} variable that
 * names one of the container's ports. Secret volumes are written under the pod's directory and
 * environment paths under their mountPath point there ({@link PodVolumes}); an HTTPS readiness
 * probe, like the kubelet's, does not check the server's certificate.
 */
public final class ProcessKubelet implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProcessKubelet.class.getName());
  private static final Duration TICK = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final ImageCatalog images;
  private final Path logDirectory;
  private final Map<String, String> extraEnvironment;
  private final String heap;
  private final ServiceDirectory directory;
  private final PodEnvironment environment;
  private final PodVolumes volumes;
  private final Map<String, Deployed> deployments = new ConcurrentHashMap<>();
  private final Map<String, List<TcpProxy>> proxies = new ConcurrentHashMap<>();
  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;
  private Thread loop;

  /** The pods of one Deployment and the template they were started from. */
  private static final class Deployed {
    Deployment deployment;
    String template = "";
    final List<LocalPod> pods = new ArrayList<>();
    int nextOrdinal;
    DeploymentStatus lastStatus;
    String lastProblem = "";
  }

  /**
   * @param extraEnvironment added to every process (e.g. the platform clock offset of a demo)
   */
  public ProcessKubelet(
      KubernetesClient client,
      ImageCatalog images,
      Path logDirectory,
      Map<String, String> extraEnvironment,
      String heap) {
    this.client = client;
    this.images = images;
    this.logDirectory = logDirectory;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
    this.heap = heap;
    this.directory = new ServiceDirectory();
    this.environment = new PodEnvironment(client, directory);
    this.volumes = new PodVolumes(client);
  }

  /** Cluster DNS of this kubelet: where each Service's proxy listens. */
  public ServiceDirectory directory() {
    return directory;
  }

  /** Watches Services and Deployments of every namespace and starts following them. */
  public ProcessKubelet start() {
    informers.add(
        client
            .services()
            .inAnyNamespace()
            .inform(handler(this::serviceChanged, this::serviceGone)));
    informers.add(
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(handler(this::deploymentChanged, this::deploymentGone)));
    loop = Thread.ofVirtual().name("process-kubelet").start(this::tickForever);
    return this;
  }

  private static <T> ResourceEventHandler<T> handler(
      java.util.function.Consumer<T> changed, java.util.function.Consumer<T> gone) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        gone.accept(obj);
      }
    };
  }

  private void deploymentChanged(Deployment deployment) {
    deployments.computeIfAbsent(key(deployment), k -> new Deployed()).deployment = deployment;
  }

  private void deploymentGone(Deployment deployment) {
    Deployed gone = deployments.remove(key(deployment));
    if (gone != null) {
      synchronized (gone) {
        gone.pods.forEach(pod -> stopAsync(pod));
        gone.pods.clear();
      }
    }
  }

  private void serviceChanged(Service service) {
    String key = key(service);
    if (services.put(key, service) != null) {
      return; // ports of a Service are fixed here; a selector change is read at each connection
    }
    List<TcpProxy> opened = new ArrayList<>();
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    for (ServicePort port : service.getSpec().getPorts()) {
      try {
        TcpProxy proxy =
            new TcpProxy(
                key + ":" + port.getPort(),
                directory.reservedPort(namespace, name, port.getPort()),
                () -> endpoint(key, port));
        directory.register(namespace, name, port.getPort(), proxy.port());
        opened.add(proxy);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "no local proxy for service " + key, e);
      }
    }
    proxies.put(key, opened);
  }

  private void serviceGone(Service service) {
    String key = key(service);
    services.remove(key);
    for (ServicePort port : service.getSpec().getPorts()) {
      directory.unregister(
          service.getMetadata().getNamespace(), service.getMetadata().getName(), port.getPort());
    }
    List<TcpProxy> closing = proxies.remove(key);
    if (closing != null) {
      closing.forEach(TcpProxy::close);
    }
  }

  /** A ready pod selected by the Service, round-robin; the local port serving its target port. */
  private Optional<Integer> endpoint(String serviceKey, ServicePort port) {
    Service service = services.get(serviceKey);
    if (service == null || service.getSpec().getSelector() == null) {
      return Optional.empty();
    }
    String namespace = service.getMetadata().getNamespace();
    List<Integer> ready = new ArrayList<>();
    for (Deployed deployed : deployments.values()) {
      Deployment d = deployed.deployment;
      if (d == null || !namespace.equals(d.getMetadata().getNamespace())) {
        continue;
      }
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      if (labels == null
          || !labels.entrySet().containsAll(service.getSpec().getSelector().entrySet())) {
        continue;
      }
      int containerPort = targetPort(container(d), port);
      synchronized (deployed) {
        for (LocalPod pod : deployed.pods) {
          if (pod.ready() && pod.localPort(containerPort) > 0) {
            ready.add(pod.localPort(containerPort));
          }
        }
      }
    }
    if (ready.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ready.get(Math.floorMod(roundRobin.getAndIncrement(), ready.size())));
  }

  private static int targetPort(Container container, ServicePort port) {
    IntOrString target = port.getTargetPort();
    if (target == null) {
      return port.getPort();
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    for (ContainerPort declared : container.getPorts()) {
      if (target.getStrVal().equals(declared.getName())) {
        return declared.getContainerPort();
      }
    }
    return port.getPort();
  }

  private void tickForever() {
    while (!closed) {
      for (Map.Entry<String, Deployed> entry : deployments.entrySet()) {
        try {
          reconcile(entry.getValue());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "process kubelet: " + entry.getKey() + " not reconciled", e);
        }
      }
      try {
        Thread.sleep(TICK);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Brings one Deployment's processes to its spec, then writes its status back. */
  private void reconcile(Deployed deployed) {
    synchronized (deployed) {
      Deployment d = deployed.deployment;
      String template = Serialization.asJson(d.getSpec().getTemplate());
      if (!template.equals(deployed.template)) {
        if (!deployed.pods.isEmpty()) {
          LOG.info(() -> "process kubelet: " + key(d) + " changed; replacing its replicas");
        }
        deployed.pods.forEach(this::stopAsync);
        deployed.pods.clear();
        deployed.template = template;
      }
      deployed.pods.removeIf(pod -> {
        if (!pod.alive()) {
          LOG.warning(() -> "process kubelet: " + pod.name() + " exited; starting another");
          return true;
        }
        return false;
      });
      int desired = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
      while (deployed.pods.size() > desired) {
        stopAsync(deployed.pods.remove(deployed.pods.size() - 1));
      }
      while (deployed.pods.size() < desired) {
        Optional<LocalPod> started = startPod(deployed, d);
        if (started.isEmpty()) {
          break;
        }
        deployed.pods.add(started.get());
      }
      int ready = 0;
      for (LocalPod pod : deployed.pods) {
        if (pod.probe()) {
          ready++;
        }
      }
      writeStatus(deployed, d, ready);
    }
  }

  private Optional<LocalPod> startPod(Deployed deployed, Deployment d) {
    Container container = container(d);
    String mainClass = images.mainClass(container.getImage()).orElse(null);
    String namespace = d.getMetadata().getNamespace();
    if (mainClass == null) {
      problem(deployed, "no local program for image " + container.getImage());
      return Optional.empty();
    }
    int ordinal = deployed.nextOrdinal++;
    String podName = d.getMetadata().getName() + "-" + ordinal;
    Map<String, String> env;
    try {
      env = new LinkedHashMap<>(environment.of(namespace, podName, container));
      // Secret volumes become files under the pod's directory, and the paths in its environment
      // follow them there (PodVolumes).
      Map<String, Path> mounts =
          volumes.mount(
              namespace,
              d.getSpec().getTemplate().getSpec(),
              container,
              logDirectory.resolve(namespace + "/" + podName));
      env = new LinkedHashMap<>(PodVolumes.rewrite(env, mounts));
    } catch (PodEnvironment.MissingReference e) {
      problem(deployed, podName + " cannot start: " + e.getMessage());
      return Optional.empty();
    }
    Map<Integer, Integer> localPorts = new HashMap<>();
    for (ContainerPort port : container.getPorts()) {
      localPorts.put(port.getContainerPort(), freePort());
    }
    int serving = serverPort(env, container);
    int serverPort = 0;
    if (serving > 0) {
      localPorts.putIfAbsent(serving, freePort());
      serverPort = localPorts.get(serving);
      env.put("SERVER_PORT", Integer.toString(serverPort));
    }
    listenOnLocalPorts(env, localPorts);
    env.put("SERVER_HOST", "127.0.0.1");
    env.putAll(extraEnvironment);
    int readiness = readinessPort(container.getReadinessProbe(), container, localPorts);
    try {
      ChildProcess process =
          ChildProcess.start(
              podName,
              mainClass,
              env,
              heap,
              logDirectory.resolve(namespace + "/" + podName + ".log"));
      LOG.info(
          () -> "process kubelet: started " + namespace + "/" + podName + " (" + mainClass + ")");
      deployed.lastProblem = "";
      return Optional.of(
          new LocalPod(
              podName,
              ordinal,
              process,
              localPorts,
              serverPort,
              readiness,
              https(container.getReadinessProbe())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + podName, e);
    }
  }

  /**
   * Points the program's other listening ports at their local ports: a {@code *_PORT} variable
   * whose value is one of the container's ports (e.g. links' {@code LINKS_PORT=8080}, its redirect
   * port) gets that port's local number, since in a pod each port is the pod's own while here every
   * pod shares the loopback. Its Service then reaches it as on a cluster.
   */
  private static void listenOnLocalPorts(
      Map<String, String> env, Map<Integer, Integer> localPorts) {
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String value = entry.getValue();
      if (entry.getKey().endsWith("_PORT")
          && !entry.getKey().equals("SERVER_PORT")
          && value.matches("[0-9]{1,5}")
          && localPorts.containsKey(Integer.parseInt(value))) {
        entry.setValue(Integer.toString(localPorts.get(Integer.parseInt(value))));
      }
    }
  }

  /** The port the program serves: its SERVER_PORT, else its first container port. */
  private static int serverPort(Map<String, String> env, Container container) {
    String declared = env.get("SERVER_PORT");
    if (declared != null && declared.matches("[0-9]{1,5}")) {
      return Integer.parseInt(declared);
    }
    return container.getPorts().isEmpty() ? 0 : container.getPorts().get(0).getContainerPort();
  }

  private static int readinessPort(
      Probe probe, Container container, Map<Integer, Integer> localPorts) {
    if (probe == null || probe.getHttpGet() == null) {
      return 0;
    }
    IntOrString port = probe.getHttpGet().getPort();
    int containerPort =
        port.getIntVal() != null
            ? port.getIntVal()
            : container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .mapToInt(ContainerPort::getContainerPort)
                .findFirst()
                .orElse(0);
    return localPorts.getOrDefault(containerPort, 0);
  }

  /** Whether the probe asks for HTTPS (a service with mutual TLS serves nothing else). */
  private static boolean https(Probe probe) {
    return probe != null
        && probe.getHttpGet() != null
        && "HTTPS".equalsIgnoreCase(probe.getHttpGet().getScheme());
  }

  private void problem(Deployed deployed, String message) {
    if (!message.equals(deployed.lastProblem)) {
      LOG.warning(() -> "process kubelet: " + message);
      deployed.lastProblem = message;
    }
  }

  private void writeStatus(Deployed deployed, Deployment d, int ready) {
    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(deployed.pods.size())
            .withUpdatedReplicas(deployed.pods.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUnavailableReplicas(Math.max(0, deployed.pods.size() - ready))
            .build();
    if (status.equals(deployed.lastStatus)) {
      return;
    }
    try {
      client
          .apps()
          .deployments()
          .inNamespace(d.getMetadata().getNamespace())
          .withName(d.getMetadata().getName())
          .editStatus(current -> {
            current.setStatus(status);
            return current;
          });
      deployed.lastStatus = status;
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "status of " + key(d) + " not written; next tick", e);
    }
  }

  private void stopAsync(LocalPod pod) {
    LOG.info(() -> "process kubelet: stopping " + pod.name());
    Thread.ofVirtual().name("stop-" + pod.name()).start(pod.process()::close);
  }

  private static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String key(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /** Processes of a Deployment that are running now (ready or not), for tests and summaries. */
  public List<ChildProcess> processes(String namespace, String deployment) {
    Deployed deployed = deployments.get(namespace + "/" + deployment);
    if (deployed == null) {
      return List.of();
    }
    synchronized (deployed) {
      return deployed.pods.stream().map(LocalPod::process).toList();
    }
  }

  /** Every process running now, by pod name ("namespace/name-ordinal"). */
  public Map<String, ChildProcess> allProcesses() {
    Map<String, ChildProcess> all = new java.util.TreeMap<>();
    for (Deployed deployed : deployments.values()) {
      synchronized (deployed) {
        for (LocalPod pod : deployed.pods) {
          all.put(
              deployed.deployment.getMetadata().getNamespace() + "/" + pod.name(), pod.process());
        }
      }
    }
    return all;
  }

  /** Where every running pod's program serves, for the pods whose program has a server port. */
  public List<PodServer> servers() {
    List<PodServer> servers = new ArrayList<>();
    for (Deployed deployed : deployments.values()) {
      synchronized (deployed) {
        var metadata = deployed.deployment.getMetadata();
        var template = deployed.deployment.getSpec().getTemplate().getMetadata();
        Map<String, String> labels =
            template == null || template.getLabels() == null ? Map.of() : template.getLabels();
        for (LocalPod pod : deployed.pods) {
          if (pod.serverPort() > 0) {
            servers.add(
                new PodServer(
                    metadata.getNamespace(),
                    pod.name(),
                    labels,
                    pod.serverPort(),
                    pod.httpsProbe()));
          }
        }
      }
    }
    servers.sort(
        java.util.Comparator.comparing(PodServer::namespace).thenComparing(PodServer::pod));
    return servers;
  }

  /** Stops following the API server and stops every process (gracefully, in parallel). */
  @Override
  public void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::close);
    if (loop != null) {
      loop.interrupt();
    }
    List<Thread> stopping = new ArrayList<>();
    for (Deployed deployed : deployments.values()) {
      synchronized (deployed) {
        for (LocalPod pod : deployed.pods) {
          stopping.add(Thread.ofVirtual().start(pod.process()::close));
        }
        deployed.pods.clear();
      }
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    proxies.values().forEach(list -> list.forEach(TcpProxy::close));
  }
}
