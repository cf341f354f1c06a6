package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageIdFormatTest {

  private static final long ID = 1_774_224_000_000_123L;

  @Test
  void writesEachFormat() {
    assertThat(MessageIdFormat.DECIMAL.format(ID)).isEqualTo("1774224000000123");
    assertThat(MessageIdFormat.HEX.format(ID)).isEqualTo(Long.toHexString(ID));
    assertThat(MessageIdFormat.HEX_UPPER.format(ID))
        .hasSize(16)
        .isEqualTo(String.format("%016X", ID));
    assertThat(MessageIdFormat.UUID.format(ID))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void distinctNumbersGiveDistinctIdsInEveryFormat() {
    for (MessageIdFormat format : MessageIdFormat.values()) {
      Set<String> ids = new HashSet<>();
      for (long n = ID; n < ID + 10_000; n++) {
        ids.add(format.format(n));
      }
      assertThat(ids).as(format.name()).hasSize(10_000);
    }
  }

  @Test
  void idsFitTheSmppMessageIdField() {
    for (MessageIdFormat format : MessageIdFormat.values()) {
      assertThat(format.format(Long.MAX_VALUE).length()).as(format.name()).isLessThanOrEqualTo(64);
    }
  }
}
