package dev.relais.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.manifests.CrdSchemas;
import dev.relais.manifests.ManifestValidator;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.ReleaseImages;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest a user is shown under examples/ would be accepted by a cluster with our CRDs. */
class ExampleManifestsTest {

  static final Path EXAMPLES = Path.of("../examples");

  private static final ManifestValidator VALIDATOR =
      new ManifestValidator(CrdSchemas.fromDirectory(Path.of("../crds")));

  private static final Map<String, Class<? extends HasMetadata>> RELAIS_KINDS =
      Map.of(
          "SmsPlatform", SmsPlatform.class,
          "SmppRoute", SmppRoute.class,
          "SenderId", SenderId.class,
          "Segment", Segment.class,
          "Campaign", Campaign.class);

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      List<Path> yaml =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyDocumentValidatesAgainstTheCrdSchemas(Path file) throws IOException {
    List<ManifestValidator.Result> results = VALIDATOR.validate(file);

    assertThat(results).as("documents of %s", file).isNotEmpty();
    for (ManifestValidator.Result result : results) {
      assertThat(result.problems()).as(result.toString()).isEmpty();
    }
  }

  @Test
  void theExamplesCoverEveryKind() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (Path file : exampleFiles().toList()) {
      VALIDATOR.validate(file).forEach(r -> kinds.add(r.kind()));
    }
    assertThat(kinds).containsAll(RELAIS_KINDS.keySet());
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyRelaisDocumentReadsIntoItsClass(Path file) throws IOException {
    // The operator and the local launcher read these classes; a field the schema knows but the
    // class does not would be silently lost.
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      Map<?, ?> original = Serialization.unmarshal(document, Map.class);
      Class<? extends HasMetadata> type = RELAIS_KINDS.get(String.valueOf(original.get("kind")));
      if (type == null) {
        continue;
      }
      HasMetadata parsed = Serialization.unmarshal(document, type);
      Map<?, ?> roundTrip = Serialization.unmarshal(Serialization.asYaml(parsed), Map.class);
      assertThat(fieldsOf(roundTrip.get("spec")))
          .as("spec fields of %s in %s", parsed.getMetadata().getName(), file)
          .containsAll(fieldsOf(original.get("spec")));
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everySmsPlatformRunsTheImagesThisBuildMakes(Path file) throws IOException {
    // spec.version is the services' image tag: an example naming another version would have a
    // cluster pull images that were never built.
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (!document.contains("kind: SmsPlatform")) {
        continue;
      }
      SmsPlatform platform = Serialization.unmarshal(document, SmsPlatform.class);
      assertThat(platform.getSpec().version)
          .as("spec.version of SmsPlatform %s in %s", platform.getMetadata().getName(), file)
          .isEqualTo(ReleaseImages.version());
    }
  }

  private static List<String> fieldsOf(Object node) {
    List<String> fields = new ArrayList<>();
    collect(node, "", fields);
    return fields;
  }

  private static void collect(Object node, String path, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String child = path + "." + e.getKey();
        out.add(child);
        collect(e.getValue(), child, out);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collect(list.get(i), path + "[" + i + "]", out);
      }
    }
  }
}
