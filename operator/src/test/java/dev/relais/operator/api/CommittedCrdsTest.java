package dev.relais.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed under {@code crds/} are exactly what the CRD classes generate: a change to the
 * classes without regenerating (copy {@code operator/target/classes/META-INF/fabric8/*.yml} to
 * {@code crds/<plural>.relais.dev.yaml}) fails here.
 */
class CommittedCrdsTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of("../crds");

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    List<Path> generated;
    try (Stream<Path> files = Files.list(GENERATED)) {
      generated = files.filter(p -> p.toString().endsWith("-v1.yml")).sorted().toList();
    }
    assertThat(generated).hasSize(5);
    for (Path crd : generated) {
      String name = crd.getFileName().toString().replace("-v1.yml", ".yaml");
      Path committed = COMMITTED.resolve(name);
      assertThat(committed).as("committed CRD " + name).exists();
      assertThat(Files.readString(committed))
          .as(name + " drifted from the CRD classes; regenerate it")
          .isEqualTo(Files.readString(crd));
    }
  }
}
