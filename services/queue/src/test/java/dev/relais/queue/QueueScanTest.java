package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the queue scan of GDPR requests matches numbers and tells sent rows from unsent ones. */
class QueueScanTest {

  @Test
  void numbersMatchWhateverFormTheyWereWrittenIn() {
    assertThat(QueueScan.key("+33612345678")).isEqualTo("33612345678");
    assertThat(QueueScan.key(" 33612345678 ")).isEqualTo("33612345678");
    assertThat(QueueScan.key(null)).isEmpty();
    assertThat(QueueScan.key("")).isEmpty();
  }

  @Test
  void blankNumbersAreDroppedAndDuplicatesMerged() {
    assertThat(QueueScan.keys(Arrays.asList("+33612345678", "33612345678", " ", null)))
        .containsExactly("33612345678");
    // An erased row (destination '') never matches a request.
    assertThat(QueueScan.keys(List.of(""))).isEmpty();
  }

  @Test
  void aRowIsUnsentOnlyAfterItsShardsCursor() {
    UUID early = Uuids.startOf(1_000);
    UUID late = Uuids.startOf(2_000);
    QueuePosition cursor = new QueuePosition(7, early);
    assertThat(QueueScan.unsent(new QueuePosition(7, early), null)).isTrue();
    assertThat(QueueScan.unsent(new QueuePosition(7, early), cursor)).as("at the cursor").isFalse();
    assertThat(QueueScan.unsent(new QueuePosition(7, late), cursor)).isTrue();
    assertThat(QueueScan.unsent(new QueuePosition(6, late), cursor)).as("earlier bucket").isFalse();
    assertThat(QueueScan.unsent(new QueuePosition(8, early), cursor)).isTrue();
  }
}
