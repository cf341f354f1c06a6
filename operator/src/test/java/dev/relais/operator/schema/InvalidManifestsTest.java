package dev.relais.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.manifests.CrdSchemas;
import dev.relais.manifests.ManifestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each manifest under src/test/resources/invalid is refused, with the readable message its {@code #
 * expect:} lines announce (each one must appear in the report a user sees).
 */
class InvalidManifestsTest {

  static final Path INVALID = Path.of("src/test/resources/invalid");

  private static final ManifestValidator VALIDATOR =
      new ManifestValidator(CrdSchemas.fromDirectory(Path.of("../crds")));

  static Stream<Path> invalidFiles() throws IOException {
    try (Stream<Path> files = Files.walk(INVALID)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).hasSizeGreaterThan(10);
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void isRefusedWithTheExpectedMessage(Path file) throws IOException {
    List<String> expected =
        Files.readAllLines(file).stream()
            .filter(l -> l.startsWith("# expect: "))
            .map(l -> l.substring("# expect: ".length()).strip())
            .toList();
    assertThat(expected).as("%s announces no '# expect:' message", file).isNotEmpty();

    List<ManifestValidator.Result> results = VALIDATOR.validate(file);
    String report = String.join("\n", results.stream().map(Object::toString).toList());

    assertThat(results).as(report).anyMatch(r -> !r.valid());
    for (String message : expected) {
      assertThat(report).as("report for %s", file).contains(message);
    }
  }
}
