package dev.relais.scheduler.campaign;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.queue.MessageSampling;
import dev.relais.queue.OutgoingMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The span of each page written to the queue, in the campaign's trace, and a span per message
 * sampled for tracing ({@link MessageSampling}) whose context the message carries through the queue
 * to dispatch. A message not sampled costs a hash of its id and nothing else.
 */
final class PageTracing {

  private final Tracer tracer;
  private final MessageSampling sampling;

  PageTracing(Tracer tracer, MessageSampling sampling) {
    this.tracer = tracer;
    this.sampling = sampling;
  }

  /**
   * Writes a page with {@code write} under a page span (child of the current span, the campaign's
   * expansion), the sampled messages carrying the context of their own span, child of the page's.
   */
  <T> CompletionStage<T> queue(
      String campaignId,
      List<OutgoingMessage> messages,
      Function<List<OutgoingMessage>, CompletionStage<T>> write) {
    Span page =
        tracer
            .spanBuilder("queue page")
            .setAttribute("campaign.id", campaignId)
            .setAttribute("page.messages", messages.size())
            .startSpan();
    List<OutgoingMessage> toWrite = messages;
    List<Span> traced = List.of();
    if (page.getSpanContext().isSampled()) {
      Context parent = Context.current().with(page);
      for (int i = 0; i < messages.size(); i++) {
        OutgoingMessage m = messages.get(i);
        if (!sampling.sampled(m.messageId())) {
          continue;
        }
        if (traced.isEmpty()) {
          traced = new ArrayList<>();
          toWrite = new ArrayList<>(messages);
        }
        Span span =
            tracer
                .spanBuilder("queue message")
                .setParent(parent)
                .setAttribute("message.id", m.messageId().toString())
                .setAttribute("campaign.id", m.campaignId())
                .setAttribute("relais.route", m.route())
                .setAttribute("message.parts", m.parts())
                .startSpan();
        traced.add(span);
        toWrite.set(i, m.withTrace(TraceParent.of(span)));
      }
      page.setAttribute("page.traced_messages", traced.size());
    }
    List<Span> spans = traced;
    CompletionStage<T> written;
    try (Scope ignored = page.makeCurrent()) {
      written = write.apply(toWrite);
    } catch (RuntimeException e) {
      end(page, spans, e);
      throw e;
    }
    return written.whenComplete((done, failure) -> end(page, spans, failure));
  }

  private static void end(Span page, List<Span> messages, Throwable failure) {
    for (Span message : messages) {
      message.end();
    }
    if (failure != null) {
      page.setStatus(StatusCode.ERROR, CampaignRunner.describe(failure));
    }
    page.end();
  }
}
