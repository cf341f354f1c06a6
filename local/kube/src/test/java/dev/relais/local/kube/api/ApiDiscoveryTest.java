package dev.relais.local.kube.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDiscoveryTest {

  private static List<ApiResource> withCampaigns() throws Exception {
    JsonNode crd =
        Serialization.unmarshal(
            Files.newInputStream(
                Path.of("")
                    .toAbsolutePath()
                    .getParent()
                    .getParent()
                    .resolve("crds/campaigns.relais.dev.yaml")),
            JsonNode.class);
    List<ApiResource> served = new ArrayList<>(ApiResource.BUILT_IN);
    served.addAll(ApiResource.fromCrd(crd));
    return served;
  }

  @Test
  void customGroupsAppearOnceTheirCrdIsServed() throws Exception {
    assertThat(
            ApiDiscovery.document("/apis", ApiResource.BUILT_IN)
                .orElseThrow()
                .path("groups")
                .findValuesAsText("name"))
        .containsExactly(
            "apps", "policy", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io");
    assertThat(ApiDiscovery.document("/apis/relais.dev/v1alpha1", ApiResource.BUILT_IN)).isEmpty();

    List<ApiResource> served = withCampaigns();
    assertThat(
            ApiDiscovery.document("/apis", served)
                .orElseThrow()
                .path("groups")
                .findValuesAsText("name"))
        .contains("relais.dev");
    JsonNode list = ApiDiscovery.document("/apis/relais.dev/v1alpha1", served).orElseThrow();
    assertThat(list.path("groupVersion").asText()).isEqualTo("relais.dev/v1alpha1");
    JsonNode campaigns = list.path("resources").get(0);
    assertThat(campaigns.path("name").asText()).isEqualTo("campaigns");
    assertThat(campaigns.path("kind").asText()).isEqualTo("Campaign");
    assertThat(campaigns.path("namespaced").asBoolean()).isTrue();
    assertThat(campaigns.path("shortNames").toString()).isEqualTo("[\"camp\",\"campaigns-sms\"]");
    assertThat(campaigns.path("verbs").toString()).contains("\"watch\"", "\"patch\"", "\"create\"");
    assertThat(list.path("resources").get(1).path("name").asText()).isEqualTo("campaigns/status");
  }

  @Test
  void coreGroupListsItsKindsWithShortNames() {
    JsonNode core = ApiDiscovery.document("/api/v1", ApiResource.BUILT_IN).orElseThrow();
    assertThat(core.path("resources").findValuesAsText("name"))
        .contains("namespaces", "configmaps", "secrets", "services", "events", "pods/status");
    assertThat(
            ApiDiscovery.document("/api", ApiResource.BUILT_IN)
                .orElseThrow()
                .path("versions")
                .toString())
        .isEqualTo("[\"v1\"]");
  }

  @Test
  void openApiDescribesCustomKindsFromTheirSchema() throws Exception {
    List<ApiResource> served = withCampaigns();
    JsonNode root = OpenApiDocuments.document("/openapi/v3", served, r -> null).orElseThrow();
    assertThat(root.path("paths").has("apis/relais.dev/v1alpha1")).isTrue();
    assertThat(root.path("paths").path("api/v1").path("serverRelativeURL").asText())
        .startsWith("/openapi/v3/api/v1?hash=");

    JsonNode crd =
        Serialization.unmarshal(
            Files.newInputStream(
                Path.of("")
                    .toAbsolutePath()
                    .getParent()
                    .getParent()
                    .resolve("crds/campaigns.relais.dev.yaml")),
            JsonNode.class);
    JsonNode document =
        OpenApiDocuments.document("/openapi/v3/apis/relais.dev/v1alpha1", served, r -> crd)
            .orElseThrow();
    JsonNode campaign =
        document.path("components").path("schemas").path("dev.relais.v1alpha1.Campaign");
    assertThat(campaign.path("x-kubernetes-group-version-kind").get(0).path("kind").asText())
        .isEqualTo("Campaign");
    assertThat(
            campaign
                .path("properties")
                .path("spec")
                .path("properties")
                .path("suspend")
                .path("description")
                .asText())
        .startsWith("Pause sending");
    JsonNode patch =
        document
            .path("paths")
            .path("/apis/relais.dev/v1alpha1/namespaces/{namespace}/campaigns/{name}")
            .path("patch");
    assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
  }
}
