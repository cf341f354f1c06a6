package dev.relais.smsc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line flags of {@link SmscSimulatorMain}, parsed into a config. Kept apart from main so
 * that parsing is unit-tested without opening sockets.
 *
 * @param config the simulator configuration
 * @param statsInterval how often to print counters; zero disables
 */
record SimulatorArgs(SmscSimulatorConfig config, Duration statsInterval) {

  static final int DEFAULT_PORT = 2775;

  static final String USAGE =
      """
      Usage: SmscSimulatorMain [flags]
        --host ADDR               listen address (default 127.0.0.1)
        --port N                  TCP port, 0 for a free one (default 2775)
        --system-id ID            accepted system_id (default relais)
        --password PW             its password (default relais)
        --account ID:PW           another accepted account (repeatable)
        --dlr-delay-ms N|MIN-MAX  receipt delay after submit_sm_resp (default 0)
        --delivered-ratio F       fraction delivered (default 1, or what the others leave)
        --undelivered-ratio F     fraction undeliverable (default: the rest)
        --expired-ratio F         fraction expired (default 0)
        --seed N                  makes outcomes and delays repeatable (default 42)
        --id-format FMT           decimal | hex | hex-upper | uuid (default hex)
        --receipt-id-format FMT   id format in receipt text (default: as --id-format)
        --always-dlr              send receipts even when registered_delivery does not ask
        --max-sessions N          binds per system_id at once (default 16)
        --pdu-degree N            PDU processing threads per session (default 8)
        --dlr-threads N           receipts awaiting deliver_sm_resp at once (default 32)
        --counts-only             keep counters only, no per-message record
        --stats-interval-s N      print counters every N seconds, 0 for never (default 10)
        --tls-keystore FILE       listen for TLS only, with the key and chain of this PKCS#12 file
        --tls-password PW         the key store's password (default: empty)
        --malformed K1,K2         malformed PDUs to write in turn: short-command-length,
                                  huge-command-length, unknown-command-id, truncated-deliver-sm
        --malformed-every-ms N    one malformed PDU every N ms on a bound receiver (default 1000)
      Commands on stdin: mo FROM TO TEXT | malformed KIND | stats | disconnect | quit
      """;

  static SimulatorArgs parse(String... args) {
    SmscSimulatorConfig.Builder builder = SmscSimulatorConfig.builder().port(DEFAULT_PORT);
    String systemId = "relais";
    String password = "relais";
    Double delivered = null;
    Double undelivered = null;
    Double expired = null;
    Duration statsInterval = Duration.ofSeconds(10);
    String tlsKeyStore = null;
    String tlsPassword = "";
    List<MalformedPdu> malformed = new ArrayList<>();
    Duration malformedEvery = Duration.ofSeconds(1);
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--always-dlr" -> builder.honourRegisteredDelivery(false);
        case "--counts-only" -> builder.recordMessages(false);
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
          }
          String value = args[++i];
          switch (flag) {
            case "--host" -> builder.host(value);
            case "--port" -> builder.port(integer(flag, value));
            case "--system-id" -> systemId = value;
            case "--password" -> password = value;
            case "--account" -> {
              int colon = value.indexOf(':');
              if (colon <= 0) {
                throw new IllegalArgumentException("--account needs ID:PASSWORD");
              }
              builder.account(value.substring(0, colon), value.substring(colon + 1));
            }
            case "--dlr-delay-ms" -> delay(builder, value);
            case "--delivered-ratio" -> delivered = fraction(flag, value);
            case "--undelivered-ratio" -> undelivered = fraction(flag, value);
            case "--expired-ratio" -> expired = fraction(flag, value);
            case "--seed" -> builder.seed(Long.parseLong(value));
            case "--id-format" -> builder.messageIdFormat(idFormat(value));
            case "--receipt-id-format" -> builder.receiptIdFormat(idFormat(value));
            case "--max-sessions" -> builder.maxSessionsPerSystemId(integer(flag, value));
            case "--pdu-degree" -> builder.pduProcessorDegree(integer(flag, value));
            case "--dlr-threads" -> builder.dlrSenderThreads(integer(flag, value));
            case "--stats-interval-s" -> statsInterval = Duration.ofSeconds(integer(flag, value));
            case "--tls-keystore" -> tlsKeyStore = value;
            case "--tls-password" -> tlsPassword = value;
            case "--malformed" -> {
              for (String kind : value.split(",")) {
                malformed.add(malformedPdu(kind));
              }
            }
            case "--malformed-every-ms" -> malformedEvery = Duration.ofMillis(integer(flag, value));
            default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
          }
        }
      }
    }
    builder.account(systemId, password);
    if (tlsKeyStore != null) {
      builder.tls(ServerTls.fromPkcs12(Path.of(tlsKeyStore), tlsPassword.toCharArray()));
    }
    if (!malformed.isEmpty()) {
      builder.malformedPdus(malformed, malformedEvery);
    }
    if (delivered != null || undelivered != null || expired != null) {
      builder.outcomeMix(mix(delivered, undelivered, expired));
    }
    return new SimulatorArgs(builder.build(), statsInterval);
  }

  /** Unset fractions take what the set ones leave: delivered first, then undeliverable. */
  static OutcomeMix mix(Double delivered, Double undelivered, Double expired) {
    double e = expired == null ? 0 : expired;
    if (delivered == null) {
      double u = undelivered == null ? 0 : undelivered;
      return new OutcomeMix(1 - u - e, u, e);
    }
    double u = undelivered == null ? 1 - delivered - e : undelivered;
    return new OutcomeMix(delivered, u, e);
  }

  private static void delay(SmscSimulatorConfig.Builder builder, String value) {
    int dash = value.indexOf('-');
    if (dash < 0) {
      builder.dlrDelay(Duration.ofMillis(Long.parseLong(value)));
    } else {
      builder.dlrDelay(
          Duration.ofMillis(Long.parseLong(value.substring(0, dash))),
          Duration.ofMillis(Long.parseLong(value.substring(dash + 1))));
    }
  }

  /** A fault by its flag name, e.g. {@code truncated-deliver-sm}. */
  static MalformedPdu malformedPdu(String value) {
    try {
      return MalformedPdu.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown malformed PDU kind " + value + "\n" + USAGE, e);
    }
  }

  private static MessageIdFormat idFormat(String value) {
    return MessageIdFormat.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  private static int integer(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, got " + value, e);
    }
  }

  private static double fraction(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number in [0, 1], got " + value, e);
    }
  }
}
