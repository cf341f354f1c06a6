package dev.relais.local.kube.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTablesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  private static JsonNode crd(String file) throws Exception {
    return Serialization.unmarshal(
        Files.newInputStream(
            Path.of("").toAbsolutePath().getParent().getParent().resolve("crds/" + file)),
        JsonNode.class);
  }

  @Test
  void campaignRowsCarryThePrinterColumnsOfTheCrd() throws Exception {
    JsonNode crd = crd("campaigns.relais.dev.yaml");
    ApiResource campaigns = ApiResource.fromCrd(crd).get(0);
    JsonNode list =
        JSON.readTree(
            """
            {"kind":"CampaignList","metadata":{"resourceVersion":"12"},"items":[
              {"metadata":{"name":"winter-sale","creationTimestamp":"2026-03-02T09:00:00Z"},
               "status":{"phase":"Sending","progress":"42%","deliveryRate":"97.5%",
                 "kpis":{"uniqueClicks":120,"roi":"150%"},
                 "conditions":[{"type":"Scheduled","status":"True"},{"type":"Ready","status":"False"}]}},
              {"metadata":{"name":"draft","creationTimestamp":"2026-03-02T09:59:30Z"}}]}
            """);

    JsonNode table = ResourceTables.table(list, ResourceTables.columns(campaigns, crd), null, NOW);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("12");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Age", "Ready", "Delivery", "ROI", "Clicks", "Phase", "Progress");
    assertThat(table.path("rows").get(0).path("cells").toString())
        .isEqualTo(
            "[\"winter-sale\",\"60m\",\"False\",\"97.5%\",\"150%\",120,\"Sending\",\"42%\"]");
    assertThat(table.path("rows").get(1).path("cells").toString())
        .isEqualTo("[\"draft\",\"30s\",null,null,null,null,null,null]");
    assertThat(table.path("rows").get(0).path("object").path("kind").asText())
        .isEqualTo("PartialObjectMetadata");
    assertThat(table.path("rows").get(0).path("object").path("metadata").path("name").asText())
        .isEqualTo("winter-sale");
  }

  @Test
  void builtInKindsShowNameAndAgeAndDeploymentsTheirReplicas() throws Exception {
    JsonNode deployment =
        JSON.readTree(
            """
            {"metadata":{"name":"relais-dispatch","creationTimestamp":"2026-03-02T09:55:00Z"},
             "spec":{"replicas":3},"status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """);
    ApiResource deployments =
        ApiResource.BUILT_IN.stream()
            .filter(r -> r.plural().equals("deployments"))
            .findFirst()
            .orElseThrow();
    ApiResource secrets =
        ApiResource.BUILT_IN.stream()
            .filter(r -> r.plural().equals("secrets"))
            .findFirst()
            .orElseThrow();

    JsonNode table =
        ResourceTables.table(deployment, ResourceTables.columns(deployments, null), "None", NOW);
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age");
    assertThat(table.path("rows").get(0).path("cells").toString())
        .isEqualTo("[\"relais-dispatch\",\"2/3\",3,2,\"5m\"]");
    assertThat(table.path("rows").get(0).has("object")).isFalse();

    assertThat(
            ResourceTables.table(deployment, ResourceTables.columns(secrets, null), "Object", NOW)
                .path("columnDefinitions")
                .findValuesAsText("name"))
        .containsExactly("Name", "Age");
  }

  @Test
  void agesReadAsKubectlPrintsThem() {
    assertThat(
            List.of(
                Duration.ofSeconds(45),
                Duration.ofSeconds(200),
                Duration.ofMinutes(42),
                Duration.ofMinutes(300),
                Duration.ofHours(30),
                Duration.ofHours(75),
                Duration.ofDays(40)))
        .map(ResourceTables::humanDuration)
        .containsExactly("45s", "3m20s", "42m", "5h", "30h", "3d3h", "40d");
  }
}
