package dev.relais.contacts.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactBucketsTest {

  @Test
  void bucketIsCrc32ModuloSixtyFourAsDocumented() {
    // Expected values computed independently with Python's zlib.crc32(phone) % 64: stored data
    // depends on them never changing.
    assertThat(ContactBuckets.of("+33612345678")).isEqualTo(33);
    assertThat(ContactBuckets.of("+33700000001")).isEqualTo(24);
    assertThat(ContactBuckets.of("+447911123456")).isEqualTo(62);
  }

  @Test
  void numbersSpreadOverAllBucketsEvenly() {
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 64_000; i++) {
      counts.merge(ContactBuckets.of(String.format("+336%08d", i)), 1, Integer::sum);
    }
    assertThat(counts).hasSize(ContactBuckets.COUNT);
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
  }
}
