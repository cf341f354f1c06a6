package dev.relais.analytics;

import dev.relais.analytics.conversion.ConversionIngest;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.analytics.v1.ConversionsServiceGrpc;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.proto.analytics.v1.RecordConversionResponse;
import io.grpc.stub.StreamObserver;

/** The gRPC {@code relais.analytics.v1.ConversionsService}. */
final class ConversionsGrpcService extends ConversionsServiceGrpc.ConversionsServiceImplBase {

  private final ConversionIngest ingest;

  ConversionsGrpcService(ConversionIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  public void recordConversion(
      RecordConversionRequest request, StreamObserver<RecordConversionResponse> response) {
    GrpcErrors.answer(response, "analytics", () -> ingest.record(request));
  }
}
