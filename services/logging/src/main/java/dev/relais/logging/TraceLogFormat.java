package dev.relais.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The log format of the services ({@code relais.log.format}, environment variable
 * RELAIS_LOG_FORMAT): every record written inside a traced operation carries its {@code trace_id}
 * and {@code span_id}, so that a log line leads to its trace and back.
 *
 * <p>{@code text} (the default) keeps the handler's own format
 * (java.util.logging.SimpleFormatter's, one line per record unless configured otherwise) and ends
 * the message with the ids; {@code json} writes one JSON object per line, a stack trace included as
 * an escaped string.
 */
public final class TraceLogFormat extends Formatter {

  /** The one-line format of text records when the JVM is given none. */
  static final String DEFAULT_TEXT_FORMAT = "%1$tFT%1$tT.%1$tLZ %4$s %3$s - %5$s%6$s%n";

  private final boolean json;
  private final Formatter text;

  private TraceLogFormat(boolean json, Formatter text) {
    this.json = json;
    this.text = text;
  }

  /** A JSON formatter, one object per line. */
  public static TraceLogFormat json() {
    return new TraceLogFormat(true, null);
  }

  /** A text formatter writing what {@code delegate} writes, the trace ids after the message. */
  public static TraceLogFormat text(Formatter delegate) {
    return new TraceLogFormat(false, delegate);
  }

  /**
   * Sets the format of every handler of the root logger: {@code text} or {@code json} (blank means
   * text); anything else is refused, naming the setting.
   */
  public static void install(String setting) {
    String format = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
    if (!format.isEmpty() && !format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException(
          "relais.log.format (environment variable RELAIS_LOG_FORMAT) must be text or json, not '"
              + setting
              + "'");
    }
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      if (format.equals("json")) {
        handler.setFormatter(json());
      } else if (!(handler.getFormatter() instanceof TraceLogFormat)) {
        handler.setFormatter(text(textFormatter(handler.getFormatter())));
      }
    }
  }

  @Override
  public String format(LogRecord record) {
    SpanContext span = Span.current().getSpanContext();
    return json ? json(record, span) : text(record, span);
  }

  private String text(LogRecord record, SpanContext span) {
    String message = formatMessage(record);
    if (span.isValid()) {
      message += " trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId();
    }
    LogRecord line = new LogRecord(record.getLevel(), message);
    line.setLoggerName(record.getLoggerName());
    line.setInstant(record.getInstant());
    line.setThrown(record.getThrown());
    line.setSourceClassName(record.getSourceClassName());
    line.setSourceMethodName(record.getSourceMethodName());
    line.setLongThreadID(record.getLongThreadID());
    line.setSequenceNumber(record.getSequenceNumber());
    return text.format(line);
  }

  private String json(LogRecord record, SpanContext span) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"time\":\"").append(record.getInstant()).append('"');
    field(out, "level", record.getLevel().getName());
    field(out, "logger", record.getLoggerName());
    field(out, "message", formatMessage(record));
    if (span.isValid()) {
      field(out, "trace_id", span.getTraceId());
      field(out, "span_id", span.getSpanId());
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      field(out, "exception", trace.toString());
    }
    return out.append("}\n").toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append(",\"").append(name).append("\":");
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * The handler's formatter, unless it is the JDK's default two-line SimpleFormatter: then the same
   * with one line per record.
   */
  private static Formatter textFormatter(Formatter current) {
    boolean configured =
        System.getProperty("java.util.logging.SimpleFormatter.format") != null
            || java.util.logging.LogManager.getLogManager()
                    .getProperty("java.util.logging.SimpleFormatter.format")
                != null;
    if (current != null && (configured || !(current instanceof SimpleFormatter))) {
      return current;
    }
    return new Formatter() {
      @Override
      public String format(LogRecord record) {
        String thrown = "";
        if (record.getThrown() != null) {
          StringWriter trace = new StringWriter();
          PrintWriter writer = new PrintWriter(trace);
          writer.println();
          record.getThrown().printStackTrace(writer);
          writer.close();
          thrown = trace.toString();
        }
        return String.format(
            DEFAULT_TEXT_FORMAT,
            java.time.ZonedDateTime.ofInstant(record.getInstant(), java.time.ZoneOffset.UTC),
            record.getSourceClassName(),
            record.getLoggerName(),
            record.getLevel().getName(),
            formatMessage(record),
            thrown);
      }
    };
  }
}
