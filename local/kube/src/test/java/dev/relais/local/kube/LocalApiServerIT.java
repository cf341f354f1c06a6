package dev.relais.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API server over loopback HTTP, as clients other than Fabric8's see it. */
class LocalApiServerIT {

  private static final String NS = "relais-demo";
  private static final Path CRDS =
      Path.of("").toAbsolutePath().getParent().getParent().resolve("crds");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private LocalApiServer server;

  @BeforeEach
  void start() {
    server = LocalApiServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void discoveryFollowsCrdsCreatedLater() throws Exception {
    assertThat(get("/apis/relais.dev/v1alpha1").statusCode()).isEqualTo(404);
    server.installCrds(CRDS);
    HttpResponse<String> response = get("/apis/relais.dev/v1alpha1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode resources = json(response).path("resources");
    assertThat(resources.findValuesAsText("name"))
        .contains(
            "campaigns", "campaigns/status", "smpproutes", "senderids", "segments", "smsplatforms");
    assertThat(json(get("/apis")).path("groups").findValuesAsText("name"))
        .contains("relais.dev", "apps");
  }

  @Test
  void mergePatchRemovesNullFieldsAndBumpsTheGeneration() throws Exception {
    server.installCrds(CRDS);
    server.client().resource(campaign("winter-sale", "FR")).create();
    HttpResponse<String> patched =
        send(
            HttpRequest.newBuilder(
                    uri("/apis/relais.dev/v1alpha1/namespaces/" + NS + "/campaigns/winter-sale"))
                .header("Content-Type", "application/merge-patch+json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"spec\":{\"policy\":null,\"suspend\":true}}")));
    assertThat(patched.statusCode()).isEqualTo(200);
    GenericKubernetesResource stored =
        server
            .client()
            .genericKubernetesResources("relais.dev/v1alpha1", "Campaign")
            .inNamespace(NS)
            .withName("winter-sale")
            .get();
    assertThat(stored.<Boolean>get("spec", "suspend")).isTrue();
    assertThat(stored.<Map<String, Object>>get("spec")).doesNotContainKey("policy");
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void strategicDirectivesAreRefusedRatherThanMisapplied() throws Exception {
    server
        .client()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("c")
                .withNamespace(NS)
                .endMetadata()
                .addToData("a", "1")
                .build())
        .create();
    HttpResponse<String> refused =
        send(
            HttpRequest.newBuilder(uri("/api/v1/namespaces/" + NS + "/configmaps/c"))
                .header("Content-Type", "application/strategic-merge-patch+json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"data\":{\"$patch\":\"replace\",\"b\":\"2\"}}")));
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(json(refused).path("kind").asText()).isEqualTo("Status");
    assertThat(json(refused).path("message").asText()).contains("data.$patch", "--type merge");
  }

  @Test
  void eventsAreSelectedByInvolvedObject() throws Exception {
    for (String name : List.of("winter-sale", "summer-sale")) {
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
                  .withKind("Campaign")
                  .withName(name)
                  .withNamespace(NS)
                  .endInvolvedObject()
                  .withReason("Scheduled")
                  .withMessage("about " + name)
                  .build())
          .create();
    }
    JsonNode list =
        json(
            get(
                "/api/v1/namespaces/"
                    + NS
                    + "/events?fieldSelector=involvedObject.kind%3DCampaign,involvedObject.name%3Dwinter-sale"));
    assertThat(list.path("items").findValuesAsText("message")).containsExactly("about winter-sale");
    // Typed clients (kubectl describe reads Events with one) need the list's own kind.
    assertThat(list.path("kind").asText()).isEqualTo("EventList");
  }

  @Test
  void refusalsOfTheValidatorAreInvalidStatuses() {
    server.installCrds(CRDS);
    server.validateWith(json ->
        json.contains("\"defaultRegion\":\"FR\"")
            ? List.of()
            : List.of(new ResourceValidator.Problem("spec.defaultRegion", "must be FR here")));
    assertThatThrownBy(() -> server.client().resource(campaign("bad", "france")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getDetails().getCauses().get(0).getField())
                  .isEqualTo("spec.defaultRegion");
              assertThat(e.getStatus().getDetails().getCauses().get(0).getMessage())
                  .contains("must be FR here");
            });
    server.client().resource(campaign("good", "FR")).create();
  }

  @Test
  void aMissingObjectIsANotFoundStatus() throws Exception {
    server.installCrds(CRDS);
    HttpResponse<String> response =
        get("/apis/relais.dev/v1alpha1/namespaces/" + NS + "/campaigns/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("reason").asText()).isEqualTo("NotFound");
    assertThat(json(response).path("message").asText())
        .isEqualTo("campaigns.relais.dev \"nope\" not found");
  }

  @Test
  void aWatchOverPlainHttpStreamsOneJsonEventPerLine() throws Exception {
    long since =
        Long.parseLong(
            json(get("/api/v1/namespaces/" + NS + "/configmaps"))
                .path("metadata")
                .path("resourceVersion")
                .asText("0"));
    server
        .client()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("before")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> watch =
        HTTP.send(
            HttpRequest.newBuilder(
                    uri(
                        "/api/v1/namespaces/"
                            + NS
                            + "/configmaps?watch=true&resourceVersion="
                            + (since + 1)))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(watch.statusCode()).isEqualTo(200);
    Thread reader =
        Thread.ofVirtual()
            .start(() -> {
              try {
                watch.body().forEach(events::add);
              } catch (java.io.UncheckedIOException e) {
                // the test closed the watch
              }
            });
    try {
      server
          .client()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("after")
                  .withNamespace(NS)
                  .endMetadata()
                  .build())
          .create();
      JsonNode event = Serialization.unmarshal(events.poll(20, TimeUnit.SECONDS), JsonNode.class);
      assertThat(event.path("type").asText()).isEqualTo("ADDED");
      // "before" is older than the requested resource version: not replayed.
      assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("after");
    } finally {
      reader.interrupt();
      watch.body().close();
    }
  }

  @Test
  void theKubeconfigPointsAtThisServer(@TempDir Path dir) throws Exception {
    Path file = server.writeKubeconfig(dir.resolve("kube/config"), NS);
    Config config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getMasterUrl()).isEqualTo(server.url());
    assertThat(config.getNamespace()).isEqualTo(NS);
    assertThat(config.getCurrentContext().getName()).isEqualTo(LocalApiServer.CONTEXT);
  }

  private static GenericKubernetesResource campaign(String name, String region) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("relais.dev/v1alpha1")
        .withKind("Campaign")
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of("template", "Bonjour", "policy", "fr-marketing", "defaultRegion", region))
        .build();
  }

  private URI uri(String path) {
    return URI.create(server.url().replaceAll("/$", "") + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json"));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), JsonNode.class);
  }
}
