package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorArgsTest {

  @Test
  void defaultsListenOnLoopbackStandardPortWithTheDemoAccount() {
    SimulatorArgs args = SimulatorArgs.parse();
    assertThat(args.config().host()).isEqualTo("127.0.0.1");
    assertThat(args.config().port()).isEqualTo(2775);
    assertThat(args.config().accounts()).containsEntry("relais", "relais");
    assertThat(args.config().outcomeMix()).isEqualTo(OutcomeMix.ALL_DELIVERED);
    assertThat(args.statsInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void parsesEveryFlag() {
    SmscSimulatorConfig config =
        SimulatorArgs.parse(
                "--port",
                "0",
                "--system-id",
                "orange",
                "--password",
                "pw",
                "--account",
                "sfr:pw:with:colons",
                "--dlr-delay-ms",
                "200-2000",
                "--delivered-ratio",
                "0.9",
                "--expired-ratio",
                "0.02",
                "--seed",
                "7",
                "--id-format",
                "uuid",
                "--receipt-id-format",
                "hex-upper",
                "--always-dlr",
                "--max-sessions",
                "4",
                "--pdu-degree",
                "12",
                "--dlr-threads",
                "64",
                "--counts-only")
            .config();
    assertThat(config.port()).isZero();
    assertThat(config.accounts())
        .containsEntry("orange", "pw")
        .containsEntry("sfr", "pw:with:colons")
        .doesNotContainKey("relais");
    assertThat(config.dlrDelayMin()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.dlrDelayMax()).isEqualTo(Duration.ofMillis(2000));
    assertThat(config.outcomeMix().undeliverable()).isCloseTo(0.08, within(1e-9));
    assertThat(config.seed()).isEqualTo(7);
    assertThat(config.messageIdFormat()).isEqualTo(MessageIdFormat.UUID);
    assertThat(config.receiptIdFormat()).isEqualTo(MessageIdFormat.HEX_UPPER);
    assertThat(config.honourRegisteredDelivery()).isFalse();
    assertThat(config.maxSessionsPerSystemId()).isEqualTo(4);
    assertThat(config.pduProcessorDegree()).isEqualTo(12);
    assertThat(config.dlrSenderThreads()).isEqualTo(64);
    assertThat(config.recordMessages()).isFalse();
  }

  @Test
  void fixedDelayAndUndeliveredRatioAlone() {
    SmscSimulatorConfig config =
        SimulatorArgs.parse("--dlr-delay-ms", "500", "--undelivered-ratio", "0.25").config();
    assertThat(config.dlrDelayMin())
        .isEqualTo(config.dlrDelayMax())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(config.outcomeMix()).isEqualTo(new OutcomeMix(0.75, 0.25, 0));
  }

  @Test
  void rejectsBadInputWithAClearMessage() {
    assertThatThrownBy(() -> SimulatorArgs.parse("--port"))
        .hasMessageContaining("missing value for --port");
    assertThatThrownBy(() -> SimulatorArgs.parse("--port", "many"))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> SimulatorArgs.parse("--frobnicate", "1"))
        .hasMessageContaining("unknown flag --frobnicate");
    assertThatThrownBy(
            () -> SimulatorArgs.parse("--delivered-ratio", "0.5", "--undelivered-ratio", "0.1"))
        .hasMessageContaining("add up to 1");
  }

  @Test
  void configToStringHidesPasswords() {
    assertThat(SimulatorArgs.parse("--password", "hunter2").config().toString())
        .doesNotContain("hunter2")
        .contains("relais");
  }

  @Test
  void malformedPduFlagsNameTheFaultsAndTheirPace() {
    SmscSimulatorConfig config =
        SimulatorArgs.parse(
                "--malformed",
                "unknown-command-id,truncated-deliver-sm",
                "--malformed-every-ms",
                "250")
            .config();
    assertThat(config.malformedPdus())
        .containsExactly(MalformedPdu.UNKNOWN_COMMAND_ID, MalformedPdu.TRUNCATED_DELIVER_SM);
    assertThat(config.malformedPduInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.tls()).isNull();
    assertThatThrownBy(() -> SimulatorArgs.parse("--malformed", "bad-crc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown malformed PDU kind bad-crc");
    assertThatThrownBy(() -> SimulatorArgs.parse("--tls-keystore", "/nonexistent.p12"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS key store");
  }
}
