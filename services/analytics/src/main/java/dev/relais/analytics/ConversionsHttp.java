package dev.relais.analytics;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.relais.analytics.conversion.ConversionIngest;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.proto.analytics.v1.RecordConversionResponse;
import io.grpc.StatusRuntimeException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code POST /v1/conversions}: the conversion ingest for shop webhooks, on the service's HTTP
 * port. The body is a {@code RecordConversionRequest} in the proto3 JSON mapping ({@code
 * {"orderId": "A-1001", "phone": "+33612345678", "amount": "49.90", "currency": "EUR"}}); the
 * answer a {@code RecordConversionResponse}, 200. A bad report is answered 400 with {@code
 * {"error": "..."}}; an ingest that cannot record now (store or links service unreachable, ingest
 * off) 503: retrying the same order id is always safe.
 */
final class ConversionsHttp implements Consumer<HttpRouting.Builder> {

  static final String PATH = "/v1/conversions";

  /** A report is a few hundred bytes; anything past this is refused unread. */
  static final int MAX_BODY = 16 * 1024;

  private static final String JSON = "application/json";

  private final ConversionIngest ingest;

  ConversionsHttp(ConversionIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  public void accept(HttpRouting.Builder routes) {
    routes.post(PATH, this::handle);
  }

  private void handle(ServerRequest request, ServerResponse response) throws IOException {
    RecordConversionRequest report;
    try (InputStream body = request.content().inputStream()) {
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        answerError(
            response, Status.REQUEST_ENTITY_TOO_LARGE_413, "body over " + MAX_BODY + " bytes");
        return;
      }
      RecordConversionRequest.Builder parsed = RecordConversionRequest.newBuilder();
      JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), parsed);
      report = parsed.build();
    } catch (InvalidProtocolBufferException e) {
      answerError(response, Status.BAD_REQUEST_400, "body is not a conversion: " + e.getMessage());
      return;
    }
    RecordConversionResponse answer;
    try {
      answer = ingest.record(report);
    } catch (RuntimeException e) {
      StatusRuntimeException status = GrpcErrors.statusOf(e, "analytics");
      answerError(response, httpStatus(status.getStatus()), status.getStatus().getDescription());
      return;
    }
    response.status(Status.OK_200);
    response.header(HeaderNames.CONTENT_TYPE, JSON);
    response.send(ANSWER.print(answer));
  }

  /**
   * Prints "recorded": false too (proto3 JSON leaves false out): a retried order's answer says it
   * was not counted again, as documented, rather than by the field's absence.
   */
  private static final JsonFormat.Printer ANSWER =
      JsonFormat.printer()
          .includingDefaultValueFields(
              Set.of(RecordConversionResponse.getDescriptor().findFieldByName("recorded")));

  /** The HTTP status of a gRPC one, as a webhook sender understands it. */
  static Status httpStatus(io.grpc.Status status) {
    return switch (status.getCode()) {
      case INVALID_ARGUMENT -> Status.BAD_REQUEST_400;
      case FAILED_PRECONDITION, UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED ->
          Status.SERVICE_UNAVAILABLE_503;
      default -> Status.INTERNAL_SERVER_ERROR_500;
    };
  }

  private static void answerError(ServerResponse response, Status status, String message)
      throws InvalidProtocolBufferException {
    Struct error =
        Struct.newBuilder()
            .putFields("error", Value.newBuilder().setStringValue(String.valueOf(message)).build())
            .build();
    response.status(status);
    response.header(HeaderNames.CONTENT_TYPE, JSON);
    response.send(JsonFormat.printer().print(error));
  }
}
