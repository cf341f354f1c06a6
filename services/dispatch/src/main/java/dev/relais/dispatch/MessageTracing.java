package dev.relais.dispatch;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.dispatch.receipt.SentMessage;
import dev.relais.queue.MessageSampling;
import dev.relais.queue.QueuedMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The spans of a message sampled for tracing (it carries a traceparent from the queue): one per
 * submit_sm, ending with its response, and one when its delivery receipt arrives, both in the
 * message's trace; and the links from a shard batch to the traced messages it carries. A message
 * not traced costs a null check.
 *
 * <p>A mobile-originated message (MO) sampled at the same ratio starts a trace of its own: its
 * {@code deliver_sm} span, under which contacts handles it (and, for a STOP, records the opt-out),
 * and later one {@code apply opt-out} span per dispatcher that reads the opt-out from contacts' log
 * with the opt-out's context.
 *
 * <p>Attributes are ids, counts and codes only: never a number or a text.
 */
public final class MessageTracing {

  public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("message.id");
  public static final AttributeKey<String> CAMPAIGN_ID = AttributeKey.stringKey("campaign.id");
  public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("relais.route");
  public static final AttributeKey<Long> SESSION = AttributeKey.longKey("smpp.session.index");
  public static final AttributeKey<Long> PART = AttributeKey.longKey("smpp.part");
  public static final AttributeKey<Long> PARTS = AttributeKey.longKey("message.parts");
  public static final AttributeKey<Double> WINDOW_WAIT =
      AttributeKey.doubleKey("smpp.window_wait_ms");
  public static final AttributeKey<Long> COMMAND_STATUS =
      AttributeKey.longKey("smpp.command_status");
  public static final AttributeKey<String> RECEIPT_STATE = AttributeKey.stringKey("receipt.state");
  public static final AttributeKey<Long> RECEIPT_ERROR = AttributeKey.longKey("receipt.error_code");
  public static final AttributeKey<Double> RECEIPT_LATENCY =
      AttributeKey.doubleKey("receipt.latency_ms");

  /** Whether contacts read an MO as an opt-out keyword (STOP and its variants). */
  public static final AttributeKey<Boolean> INBOUND_STOP =
      AttributeKey.booleanKey("relais.inbound.stop");

  /**
   * Whether this dispatcher suppressed the number before reading the opt-out (it received the STOP
   * itself, say).
   */
  public static final AttributeKey<Boolean> ALREADY_SUPPRESSED =
      AttributeKey.booleanKey("relais.optout.already_suppressed");

  /** No spans at all. */
  public static final MessageTracing NONE =
      new MessageTracing(OpenTelemetry.noop().getTracer("none"), "", MessageSampling.NONE);

  private final Tracer tracer;
  private final String route;
  private final MessageSampling inboundSampling;

  /** Spans of the queued messages only: no MO is traced. */
  public MessageTracing(Tracer tracer, String route) {
    this(tracer, route, MessageSampling.NONE);
  }

  /**
   * @param inboundSampling the share of MOs traced: the ratio of outgoing messages ({@value
   *     MessageSampling#KEY}), so that one setting sizes the per-message traces of a platform
   */
  public MessageTracing(Tracer tracer, String route, MessageSampling inboundSampling) {
    this.tracer = tracer;
    this.route = route;
    this.inboundSampling = inboundSampling;
  }

  /**
   * Starts the span of one submit_sm of a traced message (null for a message not traced); end it
   * with {@link #answered} or {@link #unanswered}.
   *
   * @param windowWaitNanos how long the submit waited for room in a session's window
   */
  public Span submitSm(QueuedMessage m, int part, int parts, int session, long windowWaitNanos) {
    if (m.trace() == null) {
      return null;
    }
    return tracer
        .spanBuilder("submit_sm")
        .setSpanKind(SpanKind.CLIENT)
        .setParent(TraceParent.context(m.trace()))
        .setAttribute(MESSAGE_ID, m.messageId().toString())
        .setAttribute(CAMPAIGN_ID, m.campaignId())
        .setAttribute(ROUTE, route)
        .setAttribute(SESSION, (long) session)
        .setAttribute(PART, (long) part)
        .setAttribute(PARTS, (long) parts)
        .setAttribute(WINDOW_WAIT, windowWaitNanos / 1e6)
        .startSpan();
  }

  /** Ends a submit_sm span with the response's command status (0: accepted). */
  public static void answered(Span span, int commandStatus) {
    if (span == null) {
      return;
    }
    span.setAttribute(COMMAND_STATUS, (long) commandStatus);
    if (commandStatus != 0) {
      span.setStatus(StatusCode.ERROR, String.format("command_status 0x%08X", commandStatus));
    }
    span.end();
  }

  /** Ends a submit_sm span that got no response (timeout, broken session, invalid PDU). */
  public static void unanswered(Span span, String why) {
    if (span != null) {
      span.setStatus(StatusCode.ERROR, why);
      span.end();
    }
  }

  /**
   * Records the delivery receipt of a traced message (nothing for one not traced): its final state,
   * error code and latency since the submit_sm_resp when this process sent it.
   */
  public void receipt(SentMessage sent, String state, int errorCode) {
    if (sent.trace() == null) {
      return;
    }
    Span span =
        tracer
            .spanBuilder("delivery_receipt")
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(TraceParent.context(sent.trace()))
            .setAttribute(MESSAGE_ID, sent.messageId().toString())
            .setAttribute(CAMPAIGN_ID, sent.campaignId())
            .setAttribute(ROUTE, route)
            .setAttribute(PART, (long) sent.part())
            .setAttribute(PARTS, (long) sent.parts())
            .setAttribute(RECEIPT_STATE, state)
            .setAttribute(RECEIPT_ERROR, (long) errorCode)
            .startSpan();
    if (sent.sentAtNanos() != 0) {
      span.setAttribute(RECEIPT_LATENCY, (System.nanoTime() - sent.sentAtNanos()) / 1e6);
    }
    span.end();
  }

  /**
   * Starts the span of an MO's deliver_sm when the MO is sampled, else returns null (the cost of a
   * random draw). A root span: end it with {@link #inboundProcessed} or {@link #inboundFailed}.
   *
   * <p>MOs are sampled at the outgoing messages' ratio rather than all traced: replies, STOP among
   * them, come at a few percent of a campaign's volume, so that tracing each would still make
   * thousands of traces per large campaign, where the sampled share shows the same path.
   *
   * @param session the index of the SMPP session it came on
   */
  public Span deliverSm(int session) {
    // An MO has no id of its own to hash: a random one is sampled at the same ratio.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (!inboundSampling.sampled(new UUID(random.nextLong(), random.nextLong()))) {
      return null;
    }
    return tracer
        .spanBuilder("deliver_sm")
        .setSpanKind(SpanKind.SERVER)
        .setNoParent()
        .setAttribute(ROUTE, route)
        .setAttribute(SESSION, (long) session)
        .startSpan();
  }

  /** Ends a deliver_sm span once contacts took the MO; {@code stop}: it was an opt-out. */
  public static void inboundProcessed(Span span, boolean stop) {
    if (span != null) {
      span.setAttribute(INBOUND_STOP, stop);
      span.end();
    }
  }

  /** Ends a deliver_sm span whose MO contacts could not take (the SMSC is asked to retry). */
  public static void inboundFailed(Span span, String why) {
    if (span != null) {
      span.setStatus(StatusCode.ERROR, why);
      span.end();
    }
  }

  /**
   * Records that this dispatcher applied an opt-out read from contacts' log, in the opt-out's trace
   * ({@code traceparent}, the context of contacts' {@code opt out} span); nothing when it has none.
   *
   * @param alreadySuppressed the number was suppressed before (this dispatcher received the STOP,
   *     say)
   */
  public void optOutApplied(String traceparent, boolean alreadySuppressed) {
    if (traceparent == null || traceparent.isEmpty()) {
      return;
    }
    tracer
        .spanBuilder("apply opt-out")
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(TraceParent.context(traceparent))
        .setAttribute(ROUTE, route)
        .setAttribute(ALREADY_SUPPRESSED, alreadySuppressed)
        .startSpan()
        .end();
  }

  /**
   * Links a batch span being built to the traced messages it carries (span links, as the messaging
   * conventions have a batch refer to its messages' traces instead of parenting them).
   */
  public static SpanBuilder linkTraced(SpanBuilder batch, List<QueuedMessage> messages) {
    for (QueuedMessage m : messages) {
      if (m.trace() != null) {
        batch.addLink(TraceParent.spanContext(m.trace()));
      }
    }
    return batch;
  }
}
