package dev.relais.contacts.optout;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import dev.relais.common.telemetry.TraceParent;
import dev.relais.contacts.ContactsMetrics;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.contacts.store.ContactsTable;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.List;

/**
 * Records that a number asked for no more marketing SMS, once: the first opt-out sets the
 * suppression date, later ones only report that it was already there.
 *
 * <p>Each opt-out is an {@code opt out} span, child of the caller's (an MO STOP's trace, begun by
 * the dispatcher that received it), with its source and outcome and never the number. When that
 * span is sampled, its context is written with the opt-out log entry, so that every dispatcher
 * applying the opt-out records it in the same trace.
 */
public final class OptOutRecorder {

  /** What the opt-out came through: API, KEYWORD or IMPORT. */
  public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("relais.optout.source");

  /** {@link Outcome#label()}. */
  public static final AttributeKey<String> OUTCOME =
      AttributeKey.stringKey("relais.optout.outcome");

  /** What an opt-out changed. */
  public enum Outcome {
    /** A contact's opt-out was recorded. */
    RECORDED("recorded"),
    /** The number had opted out before: nothing written. */
    ALREADY_OPTED_OUT("already opted out"),
    /** The number is no contact: its opt-out is recorded all the same, for a later import. */
    UNKNOWN_CONTACT("unknown contact");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    /** As the span attribute reads. */
    public String label() {
      return label;
    }
  }

  private final CqlSession session;
  private final ContactsTable contacts;
  private final ComplianceLog log;
  private final ContactsMetrics metrics;
  private final Tracer tracer;

  public OptOutRecorder(CqlSession session, ContactsTable contacts, ComplianceLog log) {
    this(session, contacts, log, ContactsMetrics.none(), OpenTelemetry.noop().getTracer("none"));
  }

  public OptOutRecorder(
      CqlSession session,
      ContactsTable contacts,
      ComplianceLog log,
      ContactsMetrics metrics,
      Tracer tracer) {
    this.session = session;
    this.contacts = contacts;
    this.log = log;
    this.metrics = metrics;
    this.tracer = tracer;
  }

  /**
   * Opts {@code phone} (E.164) out.
   *
   * @param source API, KEYWORD or IMPORT, kept with the evidence
   * @return true when the number was already opted out (nothing written)
   */
  public boolean optOut(String phone, String region, String source, Instant at) {
    Span span = tracer.spanBuilder("opt out").setAttribute(SOURCE, source).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Outcome outcome = record(phone, region, source, at, span);
      span.setAttribute(OUTCOME, outcome.label());
      return outcome == Outcome.ALREADY_OPTED_OUT;
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private Outcome record(String phone, String region, String source, Instant at, Span span) {
    ContactsTable.Stored stored =
        contacts
            .existing(ContactBuckets.of(phone), List.of(phone))
            .toCompletableFuture()
            .join()
            .get(phone);
    if (stored != null && stored.optedOutAt() != null) {
      if (stored.resubscribeRequestedAt() != null) {
        // STOP again while a re-subscription awaits confirmation: the latest wish wins.
        session.execute(
            contacts
                .resubscribeCleared(phone, at)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
      }
      return Outcome.ALREADY_OPTED_OUT;
    }
    // Only a sampled span's context travels: an untraced opt-out costs dispatchers nothing.
    String traceparent = span.getSpanContext().isSampled() ? TraceParent.of(span) : null;
    log.optOutLogEntry(List.of(phone), traceparent).toCompletableFuture().join();
    // Logged: the suppression, its evidence and the feed entry that tells dispatchers to drop
    // messages already queued are written together or not at all.
    session.execute(
        BatchStatement.newInstance(
                DefaultBatchType.LOGGED,
                contacts.markOptedOut(phone, region, at),
                log.optOut(phone, at, source),
                log.optOutFeedEntry(phone))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    metrics.optedOut(source);
    return stored == null ? Outcome.UNKNOWN_CONTACT : Outcome.RECORDED;
  }
}
