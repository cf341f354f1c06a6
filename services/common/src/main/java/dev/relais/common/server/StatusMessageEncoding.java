package dev.relais.common.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes the UTF-8 of a call's status description, as the gRPC protocol wants its {@code
 * grpc-message} trailer.
 *
 * <p>Helidon writes the description into the trailer as it is, one byte per character, so a client
 * decoding it as the protocol says reads {@code R\uFFFDLAIS} for {@code RÉLAIS} and loses {@code ’}
 * and {@code €}. Encoding it here, before Helidon sees it, leaves only ASCII in the trailer.
 */
final class StatusMessageEncoding implements ServerInterceptor {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return next.startCall(
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            String description = status.getDescription();
            super.close(
                description == null ? status : status.withDescription(encode(description)),
                trailers);
          }
        },
        headers);
  }

  /** Every UTF-8 byte outside printable ASCII, and {@code %} itself, as {@code %XX}. */
  static String encode(String description) {
    byte[] utf8 = description.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length * 3];
    int length = 0;
    for (byte b : utf8) {
      if (b >= 0x20 && b <= 0x7E && b != '%') {
        out[length++] = b;
      } else {
        out[length++] = '%';
        out[length++] = HEX[(b >> 4) & 0xF];
        out[length++] = HEX[b & 0xF];
      }
    }
    return new String(out, 0, length, StandardCharsets.US_ASCII);
  }
}
