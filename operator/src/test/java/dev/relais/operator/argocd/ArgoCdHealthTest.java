package dev.relais.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health check of docs/argocd-health.lua, run as Argo CD runs it (the object as the
 * global {@code obj}, a table with status and message returned) on statuses the operator writes.
 */
class ArgoCdHealthTest {

  private static final Path SCRIPT = Path.of("../docs/argocd-health.lua");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void aReadyPlatformIsHealthyAndOneStartingItsPodsProgressing() throws IOException {
    assertThat(
            health(
                """
                kind: SmsPlatform
                metadata: {name: relais, generation: 2}
                status:
                  observedGeneration: 2
                  conditions:
                  - {type: Ready, status: "True", reason: ServicesReady, message: all ready}
                """))
        .containsEntry("status", "Healthy")
        .containsEntry("message", "all ready");
    assertThat(
            health(
                """
                kind: SmsPlatform
                metadata: {name: relais, generation: 2}
                status:
                  observedGeneration: 2
                  conditions:
                  - {type: Ready, status: "False", reason: ServicesProgressing, message: "contacts 0/1"}
                """))
        .containsEntry("status", "Progressing");
  }

  @Test
  void aStatusOfAnOlderGenerationOrNoneYetIsProgressing() throws IOException {
    assertThat(
            health(
                """
                kind: SmppRoute
                metadata: {name: orange, generation: 3}
                status:
                  observedGeneration: 2
                  conditions:
                  - {type: Ready, status: "True", reason: DispatchReady}
                """))
        .containsEntry("status", "Progressing");
    assertThat(health("kind: Segment\nmetadata: {name: vip, generation: 1}\n"))
        .containsEntry("status", "Progressing");
  }

  @Test
  void aRouteWithAnInvalidSpecIsDegraded() throws IOException {
    assertThat(
            health(
                """
                kind: SmppRoute
                metadata: {name: orange, generation: 1}
                status:
                  observedGeneration: 1
                  lastError: bind refused
                  conditions:
                  - {type: Ready, status: "False", reason: InvalidSpec, message: "maxTps must be positive"}
                """))
        .containsEntry("status", "Degraded")
        .containsEntry("message", "maxTps must be positive");
  }

  @Test
  void aCampaignIsProgressingWhileSentSuspendedWhilePausedOrHeldAndThenHealthyOrDegraded()
      throws IOException {
    assertThat(health(campaign("Sending", "True", "Sending", "")))
        .containsEntry("status", "Progressing")
        .containsEntry("message", "Sending 40%");
    assertThat(health(campaign("Paused", "True", "Paused", "")))
        .containsEntry("status", "Suspended");
    assertThat(health(campaign("Held", "True", "Held", ""))).containsEntry("status", "Suspended");
    assertThat(health(campaign("Completed", "True", "Completed", "")))
        .containsEntry("status", "Healthy");
    assertThat(
            health(
                campaign(
                    "Failed",
                    "False",
                    "Failed",
                    "\n  - {type: Failed, status: \"True\", reason: CampaignFailed,"
                        + " message: list not found}")))
        .containsEntry("status", "Degraded")
        .containsEntry("message", "list not found");
  }

  @Test
  void aCampaignTheSchedulerRejectsIsDegradedButOneWaitingForItIsNot() throws IOException {
    assertThat(health(campaign("Pending", "False", "RejectedByScheduler", "")))
        .containsEntry("status", "Degraded");
    assertThat(health(campaign("Pending", "False", "SchedulerUnavailable", "")))
        .containsEntry("status", "Progressing");
  }

  private static String campaign(String phase, String ready, String reason, String more) {
    return """
    kind: Campaign
    metadata: {name: spring, generation: 1}
    status:
      observedGeneration: 1
      phase: %s
      progress: 40%%
      conditions:
      - {type: Ready, status: "%s", reason: %s, message: "%s"}%s
    """
        .formatted(phase, ready, reason, reason.toLowerCase(), more);
  }

  /** Runs the script on the object as Argo CD does; returns the table it gives back. */
  private static Map<String, String> health(String objectYaml) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(YAML.readTree(objectYaml)));
    LuaValue result = globals.load(Files.readString(SCRIPT), "argocd-health.lua").call();
    assertThat(result.istable()).as("the script returns a table").isTrue();
    String status = result.get("status").tojstring();
    assertThat(status)
        .isIn("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
    return Map.of("status", status, "message", result.get("message").optjstring(""));
  }

  /** JSON as Argo CD hands it to Lua: objects as tables, arrays as 1-based tables. */
  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      node.properties().forEach(e -> table.set(e.getKey(), lua(e.getValue())));
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.longValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
