package dev.relais.smsc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Everything an {@link SmscSimulator} is started with. Build it with {@link #builder()}; the
 * defaults suit a unit test: a free port, one account {@code relais/relais}, receipts after 0 ms,
 * all delivered.
 *
 * @param host address to listen on; loopback by default
 * @param port TCP port, 0 for a free one ({@link SmscSimulator#port()} tells which)
 * @param accounts accepted system_id to password
 * @param dlrDelayMin shortest delay between submit_sm_resp and the receipt
 * @param dlrDelayMax longest delay; each message draws uniformly within [min, max]
 * @param outcomeMix fractions delivered / undeliverable / expired
 * @param seed makes outcomes and delays repeatable: the k-th accepted message always gets the same
 * @param honourRegisteredDelivery send receipts only as registered_delivery asks (true), or always
 * @param messageIdFormat how ids are written in submit_sm_resp and receipted_message_id
 * @param receiptIdFormat how ids are written in the receipt text; some SMSCs differ from the
 *     response (e.g. hex there, decimal here)
 * @param firstMessageId id number of the first accepted message; by default derived from the clock
 *     so that ids do not repeat across restarts
 * @param pduProcessorDegree threads per session that process incoming PDUs
 * @param pduQueueCapacity PDUs a session may queue before jsmpp answers ESME_RTHROTTLED
 * @param maxSessionsPerSystemId binds allowed at once per account (the carrier's quota)
 * @param dlrSenderThreads threads that send receipts, each waiting for its deliver_sm_resp: the
 *     receipt window. Receipts keep pace with submits when this is about the ESME's total submit
 *     window; fewer leaves more CPU to submits and lets receipts queue up
 * @param recordMessages keep a record of every accepted message; false keeps only counters, for big
 *     benchmarks
 * @param submitPolicy decides per submit_sm how to answer: the fault-injection hook
 * @param bindTimeout how long a new connection may take to send its bind
 * @param smscSystemId the system_id the simulator announces in bind responses
 * @param tls when set, the simulator listens for TLS only, with this context's key and certificate
 * @param malformedPdus faults written in turn on a bound receiver every {@code
 *     malformedPduInterval}; empty for none (they can also be injected on demand)
 * @param malformedPduInterval time between two scheduled malformed PDUs; zero for none
 * @param resendRefusedReceipts send a receipt again when the ESME answers its deliver_sm with an
 *     error (true); false gives it up at once, as some carriers' SMSCs do, so that a refused
 *     receipt is lost
 * @param dlrBurstInterval zero sends each receipt when its delay is up; otherwise receipts whose
 *     delay is up wait and leave together every interval, in bursts as from an SMSC that flushes
 *     its receipt store periodically
 */
public record SmscSimulatorConfig(
    String host,
    int port,
    Map<String, String> accounts,
    Duration dlrDelayMin,
    Duration dlrDelayMax,
    OutcomeMix outcomeMix,
    long seed,
    boolean honourRegisteredDelivery,
    MessageIdFormat messageIdFormat,
    MessageIdFormat receiptIdFormat,
    long firstMessageId,
    int pduProcessorDegree,
    int pduQueueCapacity,
    int maxSessionsPerSystemId,
    int dlrSenderThreads,
    boolean recordMessages,
    SubmitPolicy submitPolicy,
    Duration bindTimeout,
    String smscSystemId,
    SSLContext tls,
    List<MalformedPdu> malformedPdus,
    Duration malformedPduInterval,
    boolean resendRefusedReceipts,
    Duration dlrBurstInterval,
    int emptyMessageIdEvery) {

  /** Validates ranges and copies the account map. */
  public SmscSimulatorConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    accounts = Map.copyOf(accounts);
    if (accounts.isEmpty()) {
      throw new IllegalArgumentException("at least one account (system_id/password) is needed");
    }
    Objects.requireNonNull(dlrDelayMin, "dlrDelayMin");
    Objects.requireNonNull(dlrDelayMax, "dlrDelayMax");
    if (dlrDelayMin.isNegative() || dlrDelayMax.compareTo(dlrDelayMin) < 0) {
      throw new IllegalArgumentException("need 0 <= dlrDelayMin <= dlrDelayMax");
    }
    Objects.requireNonNull(outcomeMix, "outcomeMix");
    Objects.requireNonNull(messageIdFormat, "messageIdFormat");
    Objects.requireNonNull(receiptIdFormat, "receiptIdFormat");
    if (firstMessageId < 0) {
      throw new IllegalArgumentException("firstMessageId must not be negative");
    }
    requirePositive("pduProcessorDegree", pduProcessorDegree);
    requirePositive("pduQueueCapacity", pduQueueCapacity);
    requirePositive("maxSessionsPerSystemId", maxSessionsPerSystemId);
    requirePositive("dlrSenderThreads", dlrSenderThreads);
    Objects.requireNonNull(submitPolicy, "submitPolicy");
    Objects.requireNonNull(bindTimeout, "bindTimeout");
    Objects.requireNonNull(smscSystemId, "smscSystemId");
    malformedPdus = List.copyOf(malformedPdus);
    Objects.requireNonNull(malformedPduInterval, "malformedPduInterval");
    if (malformedPduInterval.isNegative()) {
      throw new IllegalArgumentException("malformedPduInterval must not be negative");
    }
    Objects.requireNonNull(dlrBurstInterval, "dlrBurstInterval");
    if (dlrBurstInterval.isNegative()) {
      throw new IllegalArgumentException("dlrBurstInterval must not be negative");
    }
    if (emptyMessageIdEvery < 0) {
      throw new IllegalArgumentException("emptyMessageIdEvery must not be negative");
    }
  }

  /** Whether the {@code sequence}-th accepted submit (from 0) is answered with an empty id. */
  public boolean answersEmptyId(long sequence) {
    return emptyMessageIdEvery > 0 && (sequence + 1) % emptyMessageIdEvery == 0;
  }

  /** A builder with test-friendly defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The password is a secret: keep it out of logs and test reports. */
  @Override
  public String toString() {
    return "SmscSimulatorConfig[host="
        + host
        + ", port="
        + port
        + ", systemIds="
        + accounts.keySet()
        + ", dlrDelay="
        + dlrDelayMin.toMillis()
        + "-"
        + dlrDelayMax.toMillis()
        + "ms, outcomeMix="
        + outcomeMix
        + ", seed="
        + seed
        + ", honourRegisteredDelivery="
        + honourRegisteredDelivery
        + ", messageIdFormat="
        + messageIdFormat
        + ", receiptIdFormat="
        + receiptIdFormat
        + ", pduProcessorDegree="
        + pduProcessorDegree
        + ", maxSessionsPerSystemId="
        + maxSessionsPerSystemId
        + ", recordMessages="
        + recordMessages
        + (tls == null ? "" : ", tls")
        + (malformedPdus.isEmpty() || malformedPduInterval.isZero()
            ? ""
            : ", malformedPdus="
                + malformedPdus
                + " every "
                + malformedPduInterval.toMillis()
                + "ms")
        + (resendRefusedReceipts ? "" : ", refused receipts not resent")
        + (dlrBurstInterval.isZero()
            ? ""
            : ", receipts in bursts every " + dlrBurstInterval.toMillis() + "ms")
        + (emptyMessageIdEvery == 0 ? "" : ", empty message_id every " + emptyMessageIdEvery)
        + "]";
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Mutable builder for {@link SmscSimulatorConfig}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private final Map<String, String> accounts = new LinkedHashMap<>();
    private Duration dlrDelayMin = Duration.ZERO;
    private Duration dlrDelayMax = Duration.ZERO;
    private OutcomeMix outcomeMix = OutcomeMix.ALL_DELIVERED;
    private long seed = 42;
    private boolean honourRegisteredDelivery = true;
    private MessageIdFormat messageIdFormat = MessageIdFormat.HEX;
    private MessageIdFormat receiptIdFormat;
    private long firstMessageId = -1;
    private int pduProcessorDegree = 8;
    private int pduQueueCapacity = 10_000;
    private int maxSessionsPerSystemId = 16;
    private int dlrSenderThreads = 32;
    private boolean recordMessages = true;
    private SubmitPolicy submitPolicy = SubmitPolicy.acceptAll();
    private Duration bindTimeout = Duration.ofSeconds(5);
    private String smscSystemId = "relais-smsc";
    private SSLContext tls;
    private List<MalformedPdu> malformedPdus = List.of();
    private Duration malformedPduInterval = Duration.ZERO;
    private boolean resendRefusedReceipts = true;
    private Duration dlrBurstInterval = Duration.ZERO;
    private int emptyMessageIdEvery;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Adds an accepted account; without any, {@code relais/relais} is accepted. */
    public Builder account(String systemId, String password) {
      accounts.put(Objects.requireNonNull(systemId), Objects.requireNonNull(password));
      return this;
    }

    /** The same delay for every receipt. */
    public Builder dlrDelay(Duration delay) {
      return dlrDelay(delay, delay);
    }

    /** A delay drawn per message, uniformly within [min, max]. */
    public Builder dlrDelay(Duration min, Duration max) {
      this.dlrDelayMin = min;
      this.dlrDelayMax = max;
      return this;
    }

    public Builder outcomeMix(OutcomeMix outcomeMix) {
      this.outcomeMix = outcomeMix;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder honourRegisteredDelivery(boolean honour) {
      this.honourRegisteredDelivery = honour;
      return this;
    }

    /** Format of ids in responses and, unless {@link #receiptIdFormat} is set, in receipts. */
    public Builder messageIdFormat(MessageIdFormat format) {
      this.messageIdFormat = format;
      return this;
    }

    public Builder receiptIdFormat(MessageIdFormat format) {
      this.receiptIdFormat = format;
      return this;
    }

    public Builder firstMessageId(long firstMessageId) {
      this.firstMessageId = firstMessageId;
      return this;
    }

    public Builder pduProcessorDegree(int degree) {
      this.pduProcessorDegree = degree;
      return this;
    }

    public Builder pduQueueCapacity(int capacity) {
      this.pduQueueCapacity = capacity;
      return this;
    }

    public Builder maxSessionsPerSystemId(int maxSessions) {
      this.maxSessionsPerSystemId = maxSessions;
      return this;
    }

    public Builder dlrSenderThreads(int threads) {
      this.dlrSenderThreads = threads;
      return this;
    }

    /** False keeps only counters and throughput: for runs of millions of messages. */
    public Builder recordMessages(boolean record) {
      this.recordMessages = record;
      return this;
    }

    public Builder submitPolicy(SubmitPolicy policy) {
      this.submitPolicy = policy;
      return this;
    }

    public Builder bindTimeout(Duration timeout) {
      this.bindTimeout = timeout;
      return this;
    }

    public Builder smscSystemId(String systemId) {
      this.smscSystemId = systemId;
      return this;
    }

    /** Listens for TLS only, presenting the key and certificate of {@code context}. */
    public Builder tls(SSLContext context) {
      this.tls = context;
      return this;
    }

    /** Writes these faults in turn, one every {@code interval}, on a bound receiver. */
    public Builder malformedPdus(List<MalformedPdu> faults, Duration interval) {
      this.malformedPdus = List.copyOf(faults);
      this.malformedPduInterval = interval;
      return this;
    }

    public Builder resendRefusedReceipts(boolean resend) {
      this.resendRefusedReceipts = resend;
      return this;
    }

    public Builder dlrBurstInterval(Duration interval) {
      this.dlrBurstInterval = interval;
      return this;
    }

    public Builder emptyMessageIdEvery(int every) {
      this.emptyMessageIdEvery = every;
      return this;
    }

    public SmscSimulatorConfig build() {
      Map<String, String> effectiveAccounts =
          accounts.isEmpty() ? Map.of("relais", "relais") : accounts;
      // Microseconds since the epoch: unique across restarts unless a run issued over 1M ids/s.
      long firstId = firstMessageId >= 0 ? firstMessageId : System.currentTimeMillis() * 1_000L;
      return new SmscSimulatorConfig(
          host,
          port,
          effectiveAccounts,
          dlrDelayMin,
          dlrDelayMax,
          outcomeMix,
          seed,
          honourRegisteredDelivery,
          messageIdFormat,
          receiptIdFormat == null ? messageIdFormat : receiptIdFormat,
          firstId,
          pduProcessorDegree,
          pduQueueCapacity,
          maxSessionsPerSystemId,
          dlrSenderThreads,
          recordMessages,
          submitPolicy,
          bindTimeout,
          smscSystemId,
          tls,
          malformedPdus,
          malformedPduInterval,
          resendRefusedReceipts,
          dlrBurstInterval,
          emptyMessageIdEvery);
    }
  }
}
