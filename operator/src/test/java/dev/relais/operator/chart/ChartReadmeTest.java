package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every value of values.yaml is documented in the chart's README values table. */
class ChartReadmeTest {

  @Test
  void everyValueHasARowInTheReadme() throws IOException {
    String readme = Files.readString(RelaisChart.DIR.resolve("README.md"));
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("", RelaisChart.readYaml("values.yaml"), readme, undocumented);

    assertThat(undocumented).as("values missing from charts/relais/README.md").isEmpty();
  }

  /**
   * A value is documented when the README has a row for its path, or, for a group of values such as
   * {@code image}, a row for each of its members.
   */
  @SuppressWarnings("unchecked")
  private static void collectUndocumented(
      String prefix, Map<String, Object> values, String readme, List<String> undocumented) {
    for (Map.Entry<String, Object> value : values.entrySet()) {
      String path = prefix + value.getKey();
      if (readme.contains("| `" + path + "` |")) {
        continue;
      }
      if (value.getValue() instanceof Map<?, ?> group && !group.isEmpty()) {
        collectUndocumented(path + ".", (Map<String, Object>) group, readme, undocumented);
      } else {
        undocumented.add(path);
      }
    }
  }
}
