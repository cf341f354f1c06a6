package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented service settings an SmsPlatform sets reach the services that read them. */
class ServiceSettingsTest {

  @Test
  void complianceSettingsReachTheSchedulerOnly() {
    SmsPlatform platform = platform();
    platform.getSpec().compliance = new SmsPlatformSpec.Compliance();
    platform.getSpec().compliance.policies =
        List.of("be-marketing MON-SAT 09:00-20:00 marketing", " alerts MON-SUN 07:00-22:00 ");
    platform.getSpec().compliance.velocity = new SmsPlatformSpec.Velocity();
    platform.getSpec().compliance.velocity.limit = 300;
    platform.getSpec().compliance.velocity.window = "PT30M";

    Map<String, String> scheduler = data(platform, RelaisService.SCHEDULER);
    assertThat(scheduler)
        .containsEntry(
            "COMPLIANCE_POLICIES",
            "be-marketing MON-SAT 09:00-20:00 marketing; alerts MON-SUN 07:00-22:00")
        .containsEntry("VELOCITY_LIMIT", "300")
        .containsEntry("VELOCITY_WINDOW", "PT30M")
        .as("unset: the scheduler's default")
        .doesNotContainKey("VELOCITY_DIGITS");
    assertThat(data(platform, RelaisService.CONTACTS))
        .doesNotContainKeys("COMPLIANCE_POLICIES", "VELOCITY_LIMIT");
  }

  @Test
  void retentionSettingsReachContactsOnly() {
    SmsPlatform platform = platform();
    platform.getSpec().retention = new SmsPlatformSpec.Retention();
    platform.getSpec().retention.inactive = "P730D";
    platform.getSpec().retention.batch = 200;

    assertThat(data(platform, RelaisService.CONTACTS))
        .containsEntry("RETENTION_INACTIVE", "P730D")
        .containsEntry("RETENTION_BATCH", "200")
        .doesNotContainKey("RETENTION_PERIOD");
    assertThat(data(platform, RelaisService.SCHEDULER)).doesNotContainKey("RETENTION_INACTIVE");
  }

  @Test
  void theOptOutPollReachesEveryDispatchDeployment() {
    SmsPlatform platform = platform();
    platform.getSpec().dispatch = new SmsPlatformSpec.Dispatch();
    platform.getSpec().dispatch.optOutPoll = "PT0.5S";

    Deployment dispatch =
        DispatchDeploymentBuilder.build(
            Routes.orange(100), PlatformServicesBuilder.settings(platform));
    List<EnvVar> env = dispatch.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("DISPATCH_OPTOUTPOLL"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("PT0.5S");
  }

  @Test
  void nothingIsSetWhenThePlatformSetsNothing() {
    SmsPlatform platform = platform();
    assertThat(data(platform, RelaisService.SCHEDULER))
        .doesNotContainKeys("COMPLIANCE_POLICIES", "VELOCITY_LIMIT", "VELOCITY_WINDOW");
    assertThat(data(platform, RelaisService.CONTACTS))
        .doesNotContainKeys("RETENTION_INACTIVE", "RETENTION_PERIOD", "RETENTION_BATCH");
    assertThat(PlatformServicesBuilder.settings(platform).dispatchSettings()).isEmpty();
  }

  @Test
  void durationsTheServicesCouldNotReadAreRefusedBeforeAnythingIsApplied() {
    SmsPlatform platform = platform();
    platform.getSpec().retention = new SmsPlatformSpec.Retention();
    platform.getSpec().retention.inactive = "P0D"; // turns the purge off: allowed
    platform.getSpec().retention.period = "PT0S";
    platform.getSpec().dispatch = new SmsPlatformSpec.Dispatch();
    platform.getSpec().dispatch.optOutPoll = "P";

    assertThat(SmsPlatformValidator.problems(platform))
        .containsExactlyInAnyOrder(
            "retention.period must be longer than zero, not PT0S",
            "dispatch.optOutPoll: \"P\" is not an ISO-8601 duration such as PT1H or P30D");
  }

  private static Map<String, String> data(SmsPlatform platform, RelaisService service) {
    return PlatformServicesBuilder.configMap(platform, service).getData();
  }

  private static SmsPlatform platform() {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("shop").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "2.0.1";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    platform.setSpec(spec);
    return platform;
  }
}
