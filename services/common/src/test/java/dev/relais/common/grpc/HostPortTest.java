package dev.relais.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void parsesHostAndPortOrAppliesTheDefault() {
    assertThat(HostPort.parse("10.0.0.1:9043", 9042)).isEqualTo(new HostPort("10.0.0.1", 9043));
    assertThat(HostPort.parse(" cassandra ", 9042)).isEqualTo(new HostPort("cassandra", 9042));
  }

  @Test
  void rejectsGarbageWithTheInput() {
    assertThatThrownBy(() -> HostPort.parse("host:port", 1)).hasMessageContaining("host:port");
  }
}
