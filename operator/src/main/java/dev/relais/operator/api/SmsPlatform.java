package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/** One installation of the Relais services in a namespace. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("smsp")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = RelaisStatus.READY_PATH,
    getDescription = RelaisStatus.READY_DESCRIPTION)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = RelaisStatus.AGE_PATH,
    type = AdditionalPrinterColumn.Type.DATE)
@Categories(RelaisStatus.CATEGORY)
public class SmsPlatform extends CustomResource<SmsPlatformSpec, SmsPlatform.Status>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "Cassandra, image, replicas and telemetry of the services of this namespace.")
  public SmsPlatformSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Readiness of the services and the version they run.")
  public Status getStatus() {
    return super.getStatus();
  }

  /** Observed state of the platform. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status extends RelaisStatus {

    @JsonPropertyDescription("Version of the services running.")
    @PrinterColumn(name = "Version")
    public String version;

    @JsonPropertyDescription(
        "Ready replicas over desired replicas of each service, e.g. {\"contacts\": \"1/1\"}.")
    public Map<String, String> services = new LinkedHashMap<>();
  }
}
