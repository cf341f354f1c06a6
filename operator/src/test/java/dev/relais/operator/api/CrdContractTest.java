package dev.relais.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What `kubectl get`, `kubectl explain` and Argo CD read from the committed CRDs: a Ready column, a
 * short name, a status subresource and a description on every field.
 */
class CrdContractTest {

  private static final Path COMMITTED = Path.of("../crds");

  static Stream<Path> crds() throws IOException {
    return Files.list(COMMITTED).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("crds")
  void everyKindIsListedByKubectlGetRelaisWithItsAge(Path file) throws IOException {
    assertThat(load(file).getSpec().getNames().getCategories())
        .as("categories of %s", file.getFileName())
        .containsExactly("relais");
    assertThat(version(file).getAdditionalPrinterColumns())
        .as("printer columns of %s", file.getFileName())
        .extracting(
            CustomResourceColumnDefinition::getName,
            CustomResourceColumnDefinition::getJsonPath,
            CustomResourceColumnDefinition::getType)
        .contains(tuple("Age", RelaisStatus.AGE_PATH, "date"));
  }

  @ParameterizedTest
  @MethodSource("crds")
  void everyKindShowsItsReadyConditionAsAColumn(Path file) throws IOException {
    CustomResourceDefinitionVersion version = version(file);

    assertThat(version.getAdditionalPrinterColumns())
        .as("printer columns of %s", file.getFileName())
        .extracting(
            CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
        .contains(tuple("Ready", RelaisStatus.READY_PATH));
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(load(file).getSpec().getNames().getShortNames()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("crds")
  void everyFieldIsDescribedForKubectlExplain(Path file) throws IOException {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(version(file).getSchema().getOpenAPIV3Schema(), "", undescribed);

    assertThat(undescribed).as("fields of %s without a description", file.getFileName()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("crds")
  void printerColumnsPointAtFieldsOfTheSchema(Path file) throws IOException {
    CustomResourceDefinitionVersion version = version(file);
    JSONSchemaProps status = version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
    for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
      if (column.getJsonPath().equals(RelaisStatus.AGE_PATH)) {
        continue; // metadata, present on every object
      }
      String path = column.getJsonPath().replaceFirst("^\\.status\\.", "").split("\\[")[0];
      JSONSchemaProps field = status;
      for (String name : path.split("\\.")) {
        assertThat(field.getProperties())
            .as("column %s: %s of %s", column.getName(), name, path)
            .containsKey(name);
        field = field.getProperties().get(name);
      }
    }
  }

  @Test
  void campaignsShowPhaseProgressDeliveryRateClicksAndRoi() throws IOException {
    List<CustomResourceColumnDefinition> columns =
        version(COMMITTED.resolve("campaigns.relais.dev.yaml")).getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyInAnyOrder(
            "Ready", "Phase", "Progress", "Delivery", "Clicks", "ROI", "Age");
    assertThat(columns)
        .filteredOn(c -> c.getName().equals("Clicks") || c.getName().equals("ROI"))
        .extracting(
            CustomResourceColumnDefinition::getJsonPath, CustomResourceColumnDefinition::getType)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(".status.kpis.uniqueClicks", "integer"),
            org.assertj.core.groups.Tuple.tuple(".status.kpis.roi", "string"));
  }

  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> out) {
    if (schema.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
        String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
        if (property.getValue().getDescription() == null
            || property.getValue().getDescription().isBlank()) {
          out.add(child);
        }
        collectUndescribed(property.getValue(), child, out);
      }
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(schema.getItems().getSchema(), path + "[]", out);
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      collectUndescribed(schema.getAdditionalProperties().getSchema(), path + "{}", out);
    }
  }

  private static CustomResourceDefinitionVersion version(Path file) throws IOException {
    List<CustomResourceDefinitionVersion> versions = load(file).getSpec().getVersions();
    assertThat(versions).hasSize(1);
    return versions.get(0);
  }

  private static CustomResourceDefinition load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }
}
