package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs exactly the CRDs committed in {@code crds/}: a regenerated CRD that was not
 * copied into the chart (run {@code cp crds/*.yaml charts/relais/charts/relais-crds/crds/}) fails
 * here.
 */
class ChartCrdsTest {

  private static final Path TOP_LEVEL_CRDS = Path.of("../crds");
  private static final Path CHART_CRDS = RelaisChart.DIR.resolve("charts/relais-crds/crds");

  @Test
  void chartCrdsAreIdenticalCopiesOfTheCommittedOnes() throws IOException {
    List<String> committed = yamlFiles(TOP_LEVEL_CRDS);
    assertThat(committed).hasSize(5);
    assertThat(yamlFiles(CHART_CRDS))
        .as("CRD files in %s", CHART_CRDS)
        .containsExactlyElementsOf(committed);
    for (String name : committed) {
      assertThat(Files.readString(CHART_CRDS.resolve(name)))
          .as(
              "%s in the chart differs from crds/%s: cp crds/*.yaml %s",
              name, name, "charts/relais/charts/relais-crds/crds/")
          .isEqualTo(Files.readString(TOP_LEVEL_CRDS.resolve(name)));
    }
  }

  @Test
  void helmFindsEveryCrdTheChartWouldInstall() throws IOException {
    String shownByHelm = RelaisChart.helm().show().crds().call();

    List<String> committed = yamlFiles(TOP_LEVEL_CRDS);
    for (String name : committed) {
      assertThat(shownByHelm).contains(Files.readString(TOP_LEVEL_CRDS.resolve(name)));
    }
    assertThat(shownByHelm.split("kind: \"CustomResourceDefinition\"", -1))
        .hasSize(committed.size() + 1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void crdInstallationFollowsTheCrdsInstallValue() {
    // Helm drops a subchart whose condition is false before it collects CRDs, which is what makes
    // crds.install=false skip them; helm template never prints CRDs, so the wiring is checked.
    Map<String, Object> chart = RelaisChart.readYaml("Chart.yaml");
    assertThat((List<Map<String, Object>>) chart.get("dependencies"))
        .singleElement()
        .satisfies(dependency -> {
          assertThat(dependency).containsEntry("name", "relais-crds");
          assertThat(dependency).containsEntry("condition", "crds.install");
        });
    Map<String, Object> subchart = RelaisChart.readYaml("charts/relais-crds/Chart.yaml");
    assertThat(subchart).containsEntry("name", "relais-crds");
    assertThat((Map<String, Object>) RelaisChart.readYaml("values.yaml").get("crds"))
        .containsEntry("install", true);
    assertThat(RelaisChart.render("crds: {install: false}\n").kinds())
        .isEqualTo(RelaisChart.render().kinds());
  }

  private static List<String> yamlFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
