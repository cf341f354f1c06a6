package dev.relais.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceLogFormatTest {

  private static SdkTracerProvider tracing;
  private static Tracer tracer;

  @BeforeAll
  static void sdk() {
    tracing = SdkTracerProvider.builder().build();
    tracer = tracing.get("contacts");
  }

  @AfterAll
  static void close() {
    tracing.close();
  }

  private static LogRecord record(String message) {
    LogRecord record = new LogRecord(Level.INFO, message);
    record.setLoggerName("dev.relais.contacts.Import");
    record.setInstant(Instant.parse("2026-12-06T10:15:30.123Z"));
    return record;
  }

  private static final Formatter PLAIN =
      new Formatter() {
        @Override
        public String format(LogRecord record) {
          return record.getLevel() + " " + formatMessage(record) + "\n";
        }
      };

  @Test
  void textLinesInsideASpanEndWithItsIds() {
    Span span = tracer.spanBuilder("import").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(TraceLogFormat.text(PLAIN).format(record("imported 3 rows")))
          .isEqualTo(
              "INFO imported 3 rows trace_id="
                  + span.getSpanContext().getTraceId()
                  + " span_id="
                  + span.getSpanContext().getSpanId()
                  + "\n");
    } finally {
      span.end();
    }
  }

  @Test
  void textLinesOutsideASpanAreUnchanged() {
    assertThat(TraceLogFormat.text(PLAIN).format(record("started"))).isEqualTo("INFO started\n");
  }

  @Test
  void jsonIsOneLinePerRecordWithTheIds() {
    LogRecord record = record("line one\nline \"two\"");
    record.setThrown(new IllegalStateException("broken"));
    Span span = tracer.spanBuilder("import").startSpan();
    String line;
    try (Scope ignored = span.makeCurrent()) {
      line = TraceLogFormat.json().format(record);
    } finally {
      span.end();
    }
    assertThat(line).endsWith("}\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n").doesNotContain("\r");
    assertThat(line)
        .startsWith("{\"time\":\"2026-12-06T10:15:30.123Z\",\"level\":\"INFO\"")
        .contains("\"logger\":\"dev.relais.contacts.Import\"")
        .contains("\"message\":\"line one\\nline \\\"two\\\"\"")
        .contains("\"trace_id\":\"" + span.getSpanContext().getTraceId() + "\"")
        .contains("\"span_id\":\"" + span.getSpanContext().getSpanId() + "\"")
        .contains("\"exception\":\"java.lang.IllegalStateException: broken\\n");
  }

  @Test
  void anUnknownFormatIsRefusedByName() {
    assertThatThrownBy(() -> TraceLogFormat.install("yaml"))
        .hasMessageContaining("RELAIS_LOG_FORMAT")
        .hasMessageContaining("yaml");
  }
}
