package dev.relais.common.time;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtoTimeTest {

  @Test
  void keepsNanosecondsBothWays() {
    Instant at = Instant.parse("2026-03-10T09:15:30.123456789Z");

    Timestamp t = timestamp(at);

    assertThat(t.getSeconds()).isEqualTo(at.getEpochSecond());
    assertThat(t.getNanos()).isEqualTo(123_456_789);
    assertThat(instant(t)).isEqualTo(at);
  }

  @Test
  void epochIsTheDefaultTimestamp() {
    assertThat(timestamp(Instant.EPOCH)).isEqualTo(Timestamp.getDefaultInstance());
    assertThat(instant(Timestamp.getDefaultInstance())).isEqualTo(Instant.EPOCH);
  }

  @Test
  void beforeNineteenSeventyKeepsNanosNonNegative() {
    Instant at = Instant.parse("1969-12-31T23:59:59.250Z");

    Timestamp t = timestamp(at);

    // The protobuf convention: seconds round down, nanos count forward from there.
    assertThat(t.getSeconds()).isEqualTo(-1);
    assertThat(t.getNanos()).isEqualTo(250_000_000);
    assertThat(instant(t)).isEqualTo(at);
  }
}
