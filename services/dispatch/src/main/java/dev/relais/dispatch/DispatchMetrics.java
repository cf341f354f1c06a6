package dev.relais.dispatch;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The instruments a dispatcher records on its message path: submit_sm responses by command status
 * and their latency, delivery receipts by state and error code and their latency since the submit.
 *
 * <p>Every attribute set is built once (per route, status or state/error pair) and reused, so a
 * message allocates nothing here: a few array reads, lock-free counter adds (the SDK's LongAdder),
 * and two histogram records, each of which the SDK guards with a short per-series monitor (no
 * pinning of the submit's virtual thread on Java 24 and later). Labels carry the route, SMPP
 * command statuses and receipt states only: never a number, an id or a text.
 */
public final class DispatchMetrics {

  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
  static final AttributeKey<String> COMMAND_STATUS = AttributeKey.stringKey("command_status");
  static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
  static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("error_code");

  /** SMPP command statuses up to the vendor range (0x400-0x4FF) get their own label value. */
  private static final int MAX_STATUS = 0x4FF;

  /** Receipt {@code err:} codes are three digits; others share one label value. */
  private static final int MAX_ERROR = 999;

  /** The receipt states SMPP 3.4 defines (appendix B); anything else is reported as OTHER. */
  private static final List<String> STATES =
      List.of("DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "OTHER");

  private static final Set<String> KNOWN_STATES = Set.copyOf(STATES);

  private static final List<Double> SUBMIT_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  private static final List<Double> RECEIPT_BUCKETS =
      List.of(
          0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 14400.0, 86400.0,
          259200.0);

  private final Attributes route;
  private final LongCounter submitResponses;
  private final DoubleHistogram submitDuration;
  private final LongCounter receipts;
  private final DoubleHistogram receiptLatency;
  private final AtomicReferenceArray<Attributes> byStatus =
      new AtomicReferenceArray<>(MAX_STATUS + 2);
  private final AtomicReferenceArray<Attributes> byReceipt =
      new AtomicReferenceArray<>(STATES.size() * (MAX_ERROR + 2));

  public DispatchMetrics(Meter meter, String route) {
    this.route = Attributes.of(ROUTE, route);
    submitResponses =
        meter
            .counterBuilder("relais.dispatch.submit_sm.responses")
            .setDescription("submit_sm answered by the SMSC, by command status (0x0 accepted)")
            .setUnit("{pdu}")
            .build();
    submitDuration =
        meter
            .histogramBuilder("relais.dispatch.submit_sm.duration")
            .setDescription("Time from submit_sm to its submit_sm_resp")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SUBMIT_BUCKETS)
            .build();
    receipts =
        meter
            .counterBuilder("relais.dispatch.receipts")
            .setDescription("Final delivery receipts matched to a message, by state and error code")
            .setUnit("{receipt}")
            .build();
    receiptLatency =
        meter
            .histogramBuilder("relais.dispatch.receipt.latency")
            .setDescription("Time from a message's submit_sm_resp to its final delivery receipt")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(RECEIPT_BUCKETS)
            .build();
  }

  /**
   * Registers the instruments read at scrape time: the dispatcher's counters ({@link
   * DispatchStats}) and its current state. Nothing here runs on the message path; the queue depth
   * is one read of the queue's depth counters per scrape.
   */
  public void observe(
      Meter meter,
      DispatchStats stats,
      LongSupplier queueDepth,
      DoubleSupplier oldestDueAgeSeconds,
      IntSupplier sessionsBound,
      IntSupplier windowInUse,
      double tpsLimit) {
    counter(
        meter,
        "relais.dispatch.messages.submitted",
        "{message}",
        "Messages whose every part the SMSC accepted",
        stats.submitted::sum);
    counter(
        meter,
        "relais.dispatch.messages.submit_failed",
        "{message}",
        "Messages refused by the SMSC or that could not be sent",
        stats.submitFailed::sum);
    counter(
        meter,
        "relais.dispatch.messages.expired",
        "{message}",
        "Messages whose validity ended before they were sent",
        stats.expired::sum);
    counter(
        meter,
        "relais.dispatch.messages.suppressed",
        "{message}",
        "Marketing messages not sent because the number opted out after queueing",
        stats.suppressed::sum);
    counter(
        meter,
        "relais.dispatch.in_doubt",
        "{submit_sm}",
        "submit_sm sent again without knowing whether an earlier one reached the SMSC",
        stats.inDoubt::sum);
    counter(
        meter,
        "relais.dispatch.throttled",
        "{submit_sm}",
        "submit_sm answered with a throttling status (the session pauses, the part is retried)",
        stats.throttled::sum);
    counter(
        meter,
        "relais.dispatch.receipts.orphan",
        "{receipt}",
        "Delivery receipts whose SMSC id matches no message",
        stats.orphanReceipts::sum);
    counter(
        meter,
        "relais.dispatch.malformed_pdus",
        "{pdu}",
        "PDUs from the SMSC that could not be parsed",
        stats.malformedPdus::sum);
    counter(
        meter,
        "relais.dispatch.failover.moves",
        "{message}",
        "Messages moved to the failover route's queue",
        stats.moved::sum);
    meter
        .gaugeBuilder("relais.dispatch.queue.depth")
        .ofLongs()
        .setDescription("Messages queued on the route and not resolved yet")
        .setUnit("{message}")
        .buildWithCallback(m -> {
          try {
            m.record(queueDepth.getAsLong(), route);
          } catch (RuntimeException unavailable) {
            // Cassandra unreachable: no sample rather than a wrong one
          }
        });
    meter
        .gaugeBuilder("relais.dispatch.queue.oldest_due.age")
        .setDescription(
            "Age of the oldest due message found by the last read of each shard this process leases (0 when caught up)")
        .setUnit("s")
        .buildWithCallback(m -> m.record(oldestDueAgeSeconds.getAsDouble(), route));
    meter
        .gaugeBuilder("relais.dispatch.sessions.bound")
        .ofLongs()
        .setDescription("SMPP sessions bound now")
        .setUnit("{session}")
        .buildWithCallback(m -> m.record(sessionsBound.getAsInt(), route));
    meter
        .gaugeBuilder("relais.dispatch.window.in_use")
        .ofLongs()
        .setDescription("submit_sm awaiting their response, over all sessions' windows")
        .setUnit("{submit_sm}")
        .buildWithCallback(m -> m.record(windowInUse.getAsInt(), route));
    meter
        .gaugeBuilder("relais.dispatch.tps.limit")
        .setDescription(
            "This process's limit of submit_sm per second, 0 for none (compare with the rate of submit_sm.responses)")
        .setUnit("{submit_sm}/s")
        .buildWithCallback(m -> m.record(tpsLimit, route));
  }

  /**
   * Registers the age of the dispatcher's opt-out set, read at scrape time: seconds since it was
   * last read from contacts (see {@code OptOutRefresher}).
   */
  public void observeOptOuts(Meter meter, DoubleSupplier secondsSinceRead) {
    meter
        .gaugeBuilder("relais.dispatch.optouts.age")
        .setDescription(
            "Seconds since the opt-out set was last read from contacts (grows while the feed fails)")
        .setUnit("s")
        .buildWithCallback(m -> m.record(secondsSinceRead.getAsDouble(), route));
  }

  private void counter(
      Meter meter, String name, String unit, String description, LongSupplier value) {
    meter
        .counterBuilder(name)
        .setDescription(description)
        .setUnit(unit)
        .buildWithCallback(m -> m.record(value.getAsLong(), route));
  }

  /** Records nothing: for parts tested without a meter. */
  public static DispatchMetrics none() {
    return new DispatchMetrics(OpenTelemetry.noop().getMeter("none"), "none");
  }

  /** The route's attribute set, for the observable instruments of the same route. */
  Attributes route() {
    return route;
  }

  /** A submit_sm_resp (or a refusal) with its command status, {@code nanos} after the submit_sm. */
  public void submitResponse(int commandStatus, long nanos) {
    Attributes attributes = statusAttributes(commandStatus);
    submitResponses.add(1, attributes);
    submitDuration.record(nanos / 1e9, route);
  }

  /**
   * A final receipt matched to its message; {@code sentAtNanos} is the {@link System#nanoTime()} of
   * the submit_sm_resp, or 0 when unknown here (the message was sent by another replica or before a
   * restart): its latency is then not recorded.
   */
  public void receipt(String state, int errorCode, long sentAtNanos) {
    receipts.add(1, receiptAttributes(state, errorCode));
    if (sentAtNanos != 0) {
      receiptLatency.record((System.nanoTime() - sentAtNanos) / 1e9, route);
    }
  }

  private Attributes statusAttributes(int status) {
    int index = status >= 0 && status <= MAX_STATUS ? status : MAX_STATUS + 1;
    Attributes cached = byStatus.get(index);
    if (cached == null) {
      String label =
          index > MAX_STATUS
              ? "other"
              : "0x" + Integer.toHexString(status).toUpperCase(Locale.ROOT);
      cached = route.toBuilder().put(COMMAND_STATUS, label).build();
      byStatus.set(index, cached);
    }
    return cached;
  }

  private Attributes receiptAttributes(String state, int errorCode) {
    String known = state != null && KNOWN_STATES.contains(state) ? state : "OTHER";
    int error = errorCode >= 0 && errorCode <= MAX_ERROR ? errorCode : MAX_ERROR + 1;
    int index = STATES.indexOf(known) * (MAX_ERROR + 2) + error;
    Attributes cached = byReceipt.get(index);
    if (cached == null) {
      String code = error > MAX_ERROR ? "other" : String.format(Locale.ROOT, "%03d", error);
      cached = route.toBuilder().put(STATE, known).put(ERROR_CODE, code).build();
      byReceipt.set(index, cached);
    }
    return cached;
  }
}
