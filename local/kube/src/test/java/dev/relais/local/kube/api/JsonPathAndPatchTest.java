package dev.relais.local.kube.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathAndPatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonPathSelectsFieldsIndexesAndFilteredElements() throws Exception {
    JsonNode object =
        JSON.readTree(
            """
            {"metadata":{"labels":{"app.kubernetes.io/name":"dispatch"}},
             "status":{"conditions":[{"type":"Scheduled","status":"True"},{"type":"Ready","status":"False"}]}}
            """);
    assertThat(
            JsonPathExpression.parse(".status.conditions[?(@.type==\"Ready\")].status")
                .evaluate(object))
        .extracting(JsonNode::asText)
        .containsExactly("False");
    assertThat(JsonPathExpression.parse("{.status.conditions[*].type}").evaluate(object))
        .extracting(JsonNode::asText)
        .containsExactly("Scheduled", "Ready");
    assertThat(JsonPathExpression.parse(".status.conditions[-1].type").evaluate(object))
        .extracting(JsonNode::asText)
        .containsExactly("Ready");
    assertThat(
            JsonPathExpression.parse(".metadata.labels['app.kubernetes.io/name']").evaluate(object))
        .extracting(JsonNode::asText)
        .containsExactly("dispatch");
    assertThat(JsonPathExpression.parse(".status.missing").evaluate(object)).isEmpty();
  }

  @Test
  void mergePatchFollowsRfc7386() throws Exception {
    JsonNode target =
        JSON.readTree("{\"spec\":{\"suspend\":false,\"tags\":[\"a\",\"b\"],\"policy\":\"p\"}}");
    JsonNode patch =
        JSON.readTree("{\"spec\":{\"suspend\":true,\"tags\":[\"c\"],\"policy\":null}}");
    assertThat(MergePatch.apply(target, patch).toString())
        .isEqualTo("{\"spec\":{\"suspend\":true,\"tags\":[\"c\"]}}");
    assertThat(target.path("spec").path("policy").asText()).isEqualTo("p");
  }

  @Test
  void strategicDirectivesAreFound() throws Exception {
    assertThat(MergePatch.strategicDirective(JSON.readTree("{\"data\":{\"a\":\"b\"}}"), ""))
        .isEmpty();
    assertThat(
            MergePatch.strategicDirective(
                JSON.readTree(
                    "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[]}}}}"),
                ""))
        .contains(".spec.template.spec.$setElementOrder/containers");
  }
}
