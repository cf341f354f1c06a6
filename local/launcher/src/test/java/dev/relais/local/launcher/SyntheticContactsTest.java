package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticContactsTest {

  @TempDir Path dir;

  private List<String> numbers(Path file) throws Exception {
    return Files.readAllLines(file).stream().skip(1).map(line -> line.split(";")[0]).toList();
  }

  @Test
  void filesFromDisjointRangesShareNoNumber() throws Exception {
    Path first = dir.resolve("first.csv");
    Path second = dir.resolve("second.csv");
    SyntheticContacts.write(first, 0, 5_000, 7, false);
    SyntheticContacts.write(second, 5_000, 5_000, 7, false);

    Set<String> seen = new HashSet<>();
    for (Path file : List.of(first, second)) {
      List<String> written = numbers(file);
      assertThat(written).hasSize(5_000);
      written.forEach(number -> assertThat(seen.add(normalized(number))).as(number).isTrue());
    }
  }

  @Test
  void aRangeFromZeroIsTheFileWrittenWithoutOne() throws Exception {
    Path ranged = dir.resolve("ranged.csv");
    Path plain = dir.resolve("plain.csv");
    SyntheticContacts.write(ranged, 0, 1_000, 7, true);
    SyntheticContacts.write(plain, 1_000, 7);

    assertThat(Files.readAllLines(ranged)).isEqualTo(Files.readAllLines(plain));
  }

  /** The number's digits after the country's: the same number however it is written. */
  private static String normalized(String written) {
    String digits = written.replaceAll("[^0-9]", "");
    return digits.substring(digits.length() - 9);
  }
}
