package dev.relais.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.model.PlatformServicesBuilder;
import dev.relais.operator.model.RelaisService;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images that {@code -Pimages} builds: each is named as the chart and the operator
 * reference it, runs its main class as a non-root user on Java 25, exposes its port, carries the
 * OCI labels and a fixed creation time; the operator and the analytics service, chrooted into their
 * own unpacked root filesystem, answer {@code /health/ready}.
 */
class ImagesIT {

  private static final Path ROOT = Path.of(System.getProperty("relais.root", ".."));
  private static final String PREFIX = System.getProperty("relais.image.prefix");
  private static final String VERSION = System.getProperty("relais.image.version");
  private static final String CREATED = System.getProperty("relais.image.created");
  private static final boolean AS_ROOT = uidIsZero();

  /** Image name, its module, main class and port. */
  private record Image(String name, String module, String mainClass, int port) {
    Path tar() {
      return ROOT.resolve(module).resolve("target/jib-image.tar");
    }
  }

  private static final List<Image> IMAGES =
      List.of(
          new Image("operator", "operator", "dev.relais.operator.OperatorMain", 8080),
          new Image(
              "contacts",
              "services/contacts",
              "dev.relais.contacts.ContactsMain",
              RelaisService.CONTACTS.port()),
          new Image(
              "scheduler",
              "services/scheduler",
              "dev.relais.scheduler.SchedulerMain",
              RelaisService.SCHEDULER.port()),
          new Image(
              "dispatch",
              "services/dispatch",
              "dev.relais.dispatch.DispatchMain",
              RelaisService.DISPATCH.port()),
          new Image(
              "analytics",
              "services/analytics",
              "dev.relais.analytics.AnalyticsMain",
              RelaisService.ANALYTICS.port()),
          new Image(
              "links", "services/links", "dev.relais.links.LinksMain", RelaisService.LINKS.port()),
          // Not deployed by the operator: the SMSC a test cluster (examples/kind) sends to.
          new Image(
              "smsc-simulator", "local/smsc-simulator", "dev.relais.smsc.SmscSimulatorMain", 2775));

  private static final Map<String, ImageArchive> ARCHIVES = new LinkedHashMap<>();

  /** Why the images cannot be checked here, or null when they can. */
  private static String notChecked;

  @BeforeAll
  static void findImages() {
    for (String tool : List.of("skopeo", "umoci", "unshare", "chroot")) {
      if (!onPath(tool)) {
        notChecked =
            tool
                + " is not installed: the images are not checked (apt-get install mmdebstrap umoci"
                + " skopeo, then ./mvnw -Pimages verify)";
        return;
      }
    }
    List<String> missing = new ArrayList<>();
    for (Image image : IMAGES) {
      if (Files.isRegularFile(image.tar())) {
        ARCHIVES.put(image.name(), new ImageArchive(image.name(), image.tar()));
      } else {
        missing.add(ROOT.relativize(image.tar()).toString());
      }
    }
    if (!missing.isEmpty()) {
      notChecked =
          "the image tars are not built ("
              + String.join(", ", missing)
              + "): build them with ./mvnw -Pimages verify (needs mmdebstrap, umoci, skopeo)";
    }
  }

  /** Each test reports itself skipped, with the reason, where the images cannot be checked. */
  @BeforeEach
  void imagesBuilt() {
    assumeTrue(notChecked == null, notChecked);
  }

  @Test
  void everyImageIsTheOneTheChartAndTheOperatorReference() throws Exception {
    Map<String, String> references = new LinkedHashMap<>();
    for (Image image : IMAGES) {
      references.put(image.name(), ARCHIVES.get(image.name()).reference());
    }
    assertThat(references)
        .containsEntry("operator", PREFIX + "-operator:" + VERSION)
        .containsEntry("analytics", PREFIX + "-analytics:" + VERSION);

    // What helm install pulls: values.yaml repository, tag defaulting to the chart's appVersion.
    Path chart = ROOT.resolve("charts/relais");
    String values = Files.readString(chart.resolve("values.yaml"));
    String chartYaml = Files.readString(chart.resolve("Chart.yaml"));
    assertThat(yamlValue(values, "  repository") + ":" + yamlValue(chartYaml, "appVersion"))
        .isEqualTo(references.get("operator"));
    assertThat(yamlValue(values, "  tag")).isEmpty();

    // What the operator deploys for an SmsPlatform of this version with the default image prefix.
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = VERSION;
    for (RelaisService service : RelaisService.values()) {
      String name = service.name().toLowerCase(Locale.ROOT);
      assertThat(PlatformServicesBuilder.image(spec, service))
          .as("image the operator runs for %s", name)
          .isEqualTo(references.get(name));
    }
    assertThat(OperatorSettings.DEFAULT_DISPATCH_IMAGE).isEqualTo(references.get("dispatch"));
  }

  @Test
  void everyImageRunsItsMainClassAsNonRootAndExposesItsPort() throws Exception {
    for (Image image : IMAGES) {
      JsonNode config = ARCHIVES.get(image.name()).config().get("config");
      List<String> entrypoint = new ArrayList<>();
      config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
      assertThat(entrypoint).as("%s entrypoint", image.name()).startsWith("java");
      assertThat(entrypoint).as("%s entrypoint", image.name()).endsWith(image.mainClass());
      String user = config.path("User").asText();
      assertThat(user).as("%s user", image.name()).isEqualTo("65532:65532");
      List<String> ports = new ArrayList<>();
      config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
      assertThat(ports).as("%s ports", image.name()).containsExactly(image.port() + "/tcp");
      assertThat(config.path("Env").toString()).contains("JAVA_HOME=/opt/java/openjdk");
    }
  }

  @Test
  void everyImageSaysWhatItIsAndWhenItsSourcesWereFixed() throws Exception {
    for (Image image : IMAGES) {
      JsonNode config = ARCHIVES.get(image.name()).config();
      JsonNode labels = config.path("config").path("Labels");
      assertThat(labels.path("org.opencontainers.image.title").asText())
          .isEqualTo("relais-" + image.name());
      assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
      assertThat(labels.path("org.opencontainers.image.source").asText())
          .startsWith("https://github.com/");
      assertThat(labels.path("org.opencontainers.image.description").asText()).isNotBlank();
      // Reproducible: the creation time is the build's fixed timestamp, never the build's clock.
      assertThat(Instant.parse(config.path("created").asText())).isEqualTo(Instant.parse(CREATED));
    }
  }

  @Test
  void analyticsAnswersReadyFromItsOwnRootFilesystem(@TempDir Path work) throws Exception {
    String cassandra = System.getenv("RELAIS_CASSANDRA");
    assumeTrue(cassandra != null, "RELAIS_CASSANDRA is not set: no Cassandra for analytics");
    Path rootfs = ARCHIVES.get("analytics").unpack(work, AS_ROOT);
    assertThat(Files.readString(rootfs.resolve("opt/java/openjdk/release")))
        .contains("JAVA_VERSION=\"25");
    JsonNode config = ARCHIVES.get("analytics").config();
    int port = freePort();
    Map<String, String> env =
        Map.of(
            "SERVER_HOST",
            "127.0.0.1",
            "SERVER_PORT",
            String.valueOf(port),
            "CASSANDRA_HOSTS",
            cassandra,
            "CASSANDRA_PREFIX",
            "imagesit" + Long.toHexString(System.nanoTime()));
    try (ChrootContainer container =
        ChrootContainer.start(rootfs, config, env, AS_ROOT, work.resolve("analytics.log"))) {
      container.awaitOk(
          URI.create("http://127.0.0.1:" + port + "/health/ready"), Duration.ofMinutes(2));
    }
  }

  @Test
  void operatorAnswersReadyFromItsOwnRootFilesystem(@TempDir Path work) throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      // The CRUD server learns the relais.dev kinds from the CRDs the chart installs.
      try (Stream<Path> crds = Files.list(ROOT.resolve("crds"))) {
        for (Path crd : crds.filter(p -> p.toString().endsWith(".yaml")).toList()) {
          try (InputStream in = Files.newInputStream(crd)) {
            CustomResourceDefinition definition =
                client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(definition).create();
          }
        }
      }
      Path rootfs = ARCHIVES.get("operator").unpack(work, AS_ROOT);
      JsonNode config = ARCHIVES.get("operator").config();
      int port = freePort();
      Map<String, String> env =
          Map.of(
              "SERVER_HOST", "127.0.0.1",
              "SERVER_PORT", String.valueOf(port),
              "KUBERNETES_MASTER", "http://127.0.0.1:" + server.getPort(),
              "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
              "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
              "KUBERNETES_NAMESPACE", "relais-system");
      try (ChrootContainer container =
          ChrootContainer.start(rootfs, config, env, AS_ROOT, work.resolve("operator.log"))) {
        container.awaitOk(
            URI.create("http://127.0.0.1:" + port + "/health/ready"), Duration.ofMinutes(2));
      }
    } finally {
      server.destroy();
    }
  }

  @Test
  void smscSimulatorAcceptsABindFromItsOwnRootFilesystem(@TempDir Path work) throws Exception {
    Path rootfs = ARCHIVES.get("smsc-simulator").unpack(work, AS_ROOT);
    JsonNode config = ARCHIVES.get("smsc-simulator").config();
    int port = freePort();
    // The arguments examples/kind gives it, on loopback and a free port here.
    List<String> args =
        List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--password", "kind");
    try (ChrootContainer container =
        ChrootContainer.start(
            rootfs, config, Map.of(), args, AS_ROOT, work.resolve("smsc-simulator.log"))) {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (true) {
        assertThat(container.isAlive()).as("simulator running: %s", container.output()).isTrue();
        SMPPSession session = new SMPPSession();
        try {
          String systemId =
              session.connectAndBind(
                  "127.0.0.1",
                  port,
                  new BindParameter(
                      BindType.BIND_TRX,
                      "relais",
                      "kind",
                      "",
                      TypeOfNumber.UNKNOWN,
                      NumberingPlanIndicator.UNKNOWN,
                      null));
          assertThat(systemId).as("the SMSC's system_id in bind_resp").isNotBlank();
          assertThat(session.getSessionState().isBound()).isTrue();
          return;
        } catch (IOException notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw new AssertionError(
                "no bind within 1 min: " + notYet + "\n" + container.output(), notYet);
          }
          Thread.sleep(250);
        } finally {
          session.unbindAndClose();
        }
      }
    }
  }

  /** The value of a top-level (or indented) {@code key: value} line of a YAML file, unquoted. */
  private static String yamlValue(String yaml, String key) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(key) + ":[ \\t]*\"?([^\"\\n#]*?)\"?[ \\t]*$")
            .matcher(yaml);
    assertThat(m.find()).as("%s in YAML", key).isTrue();
    return m.group(1).strip();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private static boolean uidIsZero() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
    } catch (IOException e) {
      return false;
    }
  }
}
