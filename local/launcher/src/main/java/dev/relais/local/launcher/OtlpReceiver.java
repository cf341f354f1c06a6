package dev.relais.local.launcher;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP/gRPC trace receiver on loopback, built on the OpenTelemetry protocol's own service
 * definition: every process of a test or a benchmark exports its spans here
 * (OTEL_EXPORTER_OTLP_ENDPOINT), and the caller reads them back as they arrived on the wire.
 */
public final class OtlpReceiver implements AutoCloseable {

  /**
   * One received span.
   *
   * @param service the exporting process's {@code service.name}
   * @param attributes span attributes, values as text
   * @param events each event's name and attributes, as text
   * @param links trace id / span id of each link
   */
  public record ReceivedSpan(
      String service,
      String name,
      String traceId,
      String spanId,
      String parentSpanId,
      Span.SpanKind kind,
      Map<String, String> attributes,
      List<String> events,
      List<String> links) {}

  private static final HexFormat HEX = HexFormat.of();

  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final Server server;

  private OtlpReceiver() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new TraceService(spans))
            .build()
            .start();
  }

  /** Starts a receiver on a free loopback port. */
  public static OtlpReceiver start() throws IOException {
    return new OtlpReceiver();
  }

  /** The endpoint to give OTEL_EXPORTER_OTLP_ENDPOINT (protocol grpc). */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Every span received so far. */
  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {

    private final List<ReceivedSpan> sink;

    TraceService(List<ReceivedSpan> sink) {
      this.sink = sink;
    }

    @Override
    public void export(
        ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        String service = service(resourceSpans.getResource());
        for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
          for (Span span : scope.getSpansList()) {
            sink.add(received(service, span));
          }
        }
      }
      response.onNext(ExportTraceServiceResponse.getDefaultInstance());
      response.onCompleted();
    }
  }

  private static ReceivedSpan received(String service, Span span) {
    List<String> events = new ArrayList<>();
    span.getEventsList()
        .forEach(e -> events.add(e.getName() + " " + attributes(e.getAttributesList())));
    List<String> links = new ArrayList<>();
    span.getLinksList().forEach(l -> links.add(hex(l.getTraceId()) + "/" + hex(l.getSpanId())));
    return new ReceivedSpan(
        service,
        span.getName(),
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        span.getKind(),
        attributes(span.getAttributesList()),
        events,
        links);
  }

  private static String service(Resource resource) {
    return attributes(resource.getAttributesList()).getOrDefault("service.name", "");
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> map = new LinkedHashMap<>();
    values.forEach(kv -> map.put(kv.getKey(), text(kv.getValue())));
    return map;
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream()
              .map(OtlpReceiver::text)
              .toList()
              .toString();
      default -> value.toString();
    };
  }

  private static String hex(ByteString bytes) {
    return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
  }
}
