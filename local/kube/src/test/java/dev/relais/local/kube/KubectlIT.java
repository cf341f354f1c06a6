package dev.relais.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the local API server, as a user runs it with the kubeconfig the server
 * writes: apply the quickstart twice, get with printer columns, watch, patch, wait, describe,
 * explain, a refused manifest, delete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {

  private static final String NS = "relais-demo";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Path REPO = Path.of("").toAbsolutePath().getParent().getParent();

  @TempDir static Path home;

  private static LocalApiServer server;
  private static Path kubeconfig;
  private static String kubectl;

  @BeforeAll
  static void start() {
    kubectl = onPath("kubectl").orElse(null);
    assumeTrue(
        kubectl != null,
        "kubectl is not on the PATH: KubectlIT needs the real binary and is skipped");
    server = LocalApiServer.start();
    assertThat(server.installCrds(REPO.resolve("crds"))).isEqualTo(5);
    server.createNamespace(NS);
    // Stands for the platform's schema validator: a Campaign's defaultRegion is two capitals.
    server.validateWith(json -> {
      JsonNode object = Serialization.unmarshal(json, JsonNode.class);
      String region = object.path("spec").path("defaultRegion").asText("FR");
      if (object.path("kind").asText().equals("Campaign") && !region.matches("[A-Z]{2}")) {
        return List.of(
            new ResourceValidator.Problem(
                "spec.defaultRegion", "\"" + region + "\": must be an ISO 3166 region such as FR"));
      }
      return List.of();
    });
    kubeconfig = server.writeKubeconfig(home.resolve("kubeconfig"), NS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void appliesTheQuickstartTwiceThenAChange() throws Exception {
    Result first = kubectl("apply", "-f", REPO.resolve("examples/quickstart").toString());
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("secret/quickstart-smsc created")
        .contains("smpproute.relais.dev/simulator-fr created")
        .contains("senderid.relais.dev/relais-shop created")
        .contains("campaign.relais.dev/winter-sale created");

    Result again = kubectl("apply", "-f", REPO.resolve("examples/quickstart").toString());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out())
        .contains("secret/quickstart-smsc unchanged")
        .contains("campaign.relais.dev/winter-sale unchanged");

    Path changed = home.resolve("changed-campaign.yaml");
    Files.writeString(
        changed,
        Files.readString(REPO.resolve("examples/quickstart/30-campaign.yaml"))
            .replace("policy: fr-marketing", "policy: fr-transactional"));
    Result configured = kubectl("apply", "-f", changed.toString());
    assertThat(configured.code()).as(configured.toString()).isZero();
    assertThat(configured.out()).contains("campaign.relais.dev/winter-sale configured");
    assertThat(campaign().get().<String>get("spec", "policy")).isEqualTo("fr-transactional");
    assertThat(campaign().get().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/last-applied-configuration");
  }

  @Test
  @Order(2)
  void getShowsThePrinterColumnsAndJsonPath() throws Exception {
    setStatus(Map.of("phase", "Sending", "progress", "42%", "deliveryRate", "97.5%"));
    Result get = kubectl("get", "campaigns");
    assertThat(get.code()).as(get.toString()).isZero();
    List<String> lines = get.out().lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("NAME", "AGE", "READY", "DELIVERY", "ROI", "CLICKS", "PHASE", "PROGRESS");
    String[] row = lines.get(1).split("\\s+");
    assertThat(row[0]).isEqualTo("winter-sale");
    assertThat(row[1]).matches("[0-9]+[smhd].*");
    // Ready, ROI and Clicks are empty: no condition, no tracked link, no revenue yet.
    assertThat(List.of(row).subList(2, row.length)).containsExactly("97.5%", "Sending", "42%");

    // Every Relais kind is in the category relais.
    Result category = kubectl("get", "relais");
    assertThat(category.code()).as(category.toString()).isZero();
    assertThat(category.out()).contains("campaign.relais.dev/winter-sale");

    Result shortName = kubectl("get", "camp", "winter-sale", "-o", "jsonpath={.spec.senderIdRef}");
    assertThat(shortName.out()).isEqualTo("relais-shop");
  }

  @Test
  @Order(3)
  void watchPrintsARowForEachChange() throws Exception {
    Process watch = start("get", "campaigns", "--watch");
    try {
      BlockingQueue<String> lines = lines(watch);
      assertThat(lines.poll(20, TimeUnit.SECONDS)).startsWith("NAME");
      assertThat(lines.poll(20, TimeUnit.SECONDS)).contains("Sending");
      setStatus(Map.of("phase", "Held", "progress", "50%", "deliveryRate", "97.5%"));
      assertThat(lines.poll(20, TimeUnit.SECONDS)).contains("winter-sale").contains("Held");
    } finally {
      watch.destroy();
      watch.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(4)
  void patchSuspendsTheCampaign() throws Exception {
    long generation = campaign().get().getMetadata().getGeneration();
    Result patch =
        kubectl(
            "patch",
            "campaign",
            "winter-sale",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"suspend\":true}}");
    assertThat(patch.code()).as(patch.toString()).isZero();
    assertThat(patch.out()).contains("campaign.relais.dev/winter-sale patched");
    GenericKubernetesResource patched = campaign().get();
    assertThat(patched.<Boolean>get("spec", "suspend")).isTrue();
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(generation + 1);
  }

  @Test
  @Order(5)
  void waitReturnsOnceTheConditionIsSet() throws Exception {
    Process wait =
        start("wait", "--for=condition=Completed", "campaign/winter-sale", "--timeout=25s", "-v=6");
    BlockingQueue<String> log = lines(wait.errorReader());
    // Set the condition once kubectl watches, so that the watch delivers it.
    String line;
    do {
      line = log.poll(20, TimeUnit.SECONDS);
      assertThat(line).as("kubectl wait never opened its watch").isNotNull();
    } while (!line.contains("watch=true"));
    setCondition("Completed", "True", "AllSent", "Every message was sent");
    assertThat(wait.waitFor(25, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("campaign.relais.dev/winter-sale condition met");
    assertThat(wait.exitValue()).isZero();
  }

  @Test
  @Order(6)
  void describeShowsConditionsAndEvents() throws Exception {
    GenericKubernetesResource campaign = campaign().get();
    recordEvent(
        campaign.getMetadata().getName(),
        campaign.getMetadata().getUid(),
        "Scheduled",
        "First window opens at 08:00");
    recordEvent("summer-sale", "another-uid", "Failed", "Not about winter-sale");
    Result describe = kubectl("describe", "campaign", "winter-sale");
    assertThat(describe.code()).as(describe.toString()).isZero();
    assertThat(describe.out())
        .contains("Type:", "Completed", "Reason:", "AllSent")
        .contains("Events:")
        .contains("Scheduled", "First window opens at 08:00")
        .doesNotContain("Not about winter-sale");
  }

  @Test
  @Order(7)
  void explainPrintsTheCrdDescriptions() throws Exception {
    Result explain = kubectl("explain", "campaign.spec");
    assertThat(explain.code()).as(explain.toString()).isZero();
    assertThat(explain.out())
        .contains("KIND:       Campaign")
        .contains("What to send, to whom and when")
        .contains("suspend")
        .contains("Pause sending");
  }

  @Test
  @Order(8)
  void refusedManifestsPrintTheirCause() throws Exception {
    Path invalid = home.resolve("invalid.yaml");
    Files.writeString(
        invalid,
        Files.readString(REPO.resolve("examples/quickstart/30-campaign.yaml"))
            .replace("winter-sale", "bad-region")
            .replace("defaultRegion: FR", "defaultRegion: france"));
    Result refused = kubectl("apply", "-f", invalid.toString());
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err())
        .contains("Campaign \"bad-region\" is invalid")
        .contains("spec.defaultRegion")
        .contains("must be an ISO 3166 region such as FR");

    Path unknown = home.resolve("unknown.yaml");
    Files.writeString(
        unknown,
        Files.readString(REPO.resolve("examples/quickstart/30-campaign.yaml"))
            .replace("winter-sale", "typo")
            .replace("policy: fr-marketing", "polcy: fr-marketing"));
    Result strict = kubectl("apply", "-f", unknown.toString());
    assertThat(strict.code()).isNotZero();
    assertThat(strict.err()).contains("unknown field \"spec.polcy\"");
    assertThat(
            server
                .client()
                .genericKubernetesResources("relais.dev/v1alpha1", "Campaign")
                .inNamespace(NS)
                .list()
                .getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("winter-sale");
  }

  @Test
  @Order(9)
  void deleteRemovesTheCampaign() throws Exception {
    Result delete = kubectl("delete", "campaign", "winter-sale");
    assertThat(delete.code()).as(delete.toString()).isZero();
    assertThat(delete.out()).contains("campaign.relais.dev \"winter-sale\" deleted");
    assertThat(campaign().get()).isNull();
    Result gone = kubectl("get", "campaign", "winter-sale");
    assertThat(gone.code()).isNotZero();
    assertThat(gone.err()).contains("campaigns.relais.dev \"winter-sale\" not found");
  }

  private static Resource<GenericKubernetesResource> campaign() {
    return server
        .client()
        .genericKubernetesResources("relais.dev/v1alpha1", "Campaign")
        .inNamespace(NS)
        .withName("winter-sale");
  }

  @SuppressWarnings("unchecked")
  private static void setStatus(Map<String, Object> values) {
    campaign()
        .editStatus(c -> {
          Map<String, Object> status =
              (Map<String, Object>)
                  c.getAdditionalProperties()
                      .computeIfAbsent("status", k -> new java.util.HashMap<>());
          status.putAll(values);
          return c;
        });
  }

  @SuppressWarnings("unchecked")
  private static void setCondition(String type, String status, String reason, String message) {
    campaign()
        .editStatus(c -> {
          Map<String, Object> s =
              (Map<String, Object>)
                  c.getAdditionalProperties()
                      .computeIfAbsent("status", k -> new java.util.HashMap<>());
          List<Object> conditions =
              new ArrayList<>((List<Object>) s.getOrDefault("conditions", List.of()));
          conditions.add(
              Map.of(
                  "type", type,
                  "status", status,
                  "reason", reason,
                  "message", message,
                  "lastTransitionTime", Instant.now().toString()));
          s.put("conditions", conditions);
          return c;
        });
  }

  private static void recordEvent(String name, String uid, String reason, String message) {
    String now = Instant.now().toString();
    server
        .client()
        .v1()
        .events()
        .inNamespace(NS)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName(name + ".")
                .withNamespace(NS)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("relais.dev/v1alpha1")
                .withKind("Campaign")
                .withName(name)
                .withNamespace(NS)
                .withUid(uid)
                .endInvolvedObject()
                .withType("Normal")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent("relais-operator")
                .endSource()
                .build())
        .create();
  }

  private record Result(int code, String out, String err) {}

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    process.getOutputStream().close();
    byte[][] streams = new byte[2][];
    Thread stdout = Thread.ofVirtual().start(() -> streams[0] = readAll(process.getInputStream()));
    Thread stderr = Thread.ofVirtual().start(() -> streams[1] = readAll(process.getErrorStream()));
    if (!process.waitFor(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "kubectl " + String.join(" ", args) + " did not end within " + CALL_TIMEOUT);
    }
    stdout.join();
    stderr.join();
    return new Result(
        process.exitValue(),
        new String(streams[0], StandardCharsets.UTF_8),
        new String(streams[1], StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(kubectl);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    // Its own discovery cache, never the user's.
    builder.environment().put("HOME", home.toString());
    return builder.start();
  }

  private static BlockingQueue<String> lines(Process process) {
    return lines(process.inputReader());
  }

  private static BlockingQueue<String> lines(BufferedReader reader) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(() -> {
          try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
              lines.add(line);
            }
          } catch (IOException e) {
            // the process ended
          }
        });
    return lines;
  }

  private static Optional<String> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
