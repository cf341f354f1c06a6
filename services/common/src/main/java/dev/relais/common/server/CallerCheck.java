package dev.relais.common.server;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.helidon.webserver.grpc.GrpcConnectionContext;
import io.helidon.webserver.grpc.ServerContextKeys;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * With mutual TLS on, identifies the caller of every gRPC call by its client certificate and
 * applies {@link CallerAccess}: UNAUTHENTICATED without a certificate, PERMISSION_DENIED naming the
 * caller and the RPC when the caller may not call it. The handshake has already verified the
 * certificate against the platform's CA.
 */
final class CallerCheck implements ServerInterceptor {

  private static final Logger LOG = Logger.getLogger(CallerCheck.class.getName());

  private static final ServerCall.Listener<Object> NOTHING = new ServerCall.Listener<>() {};

  private final CallerAccess access;

  CallerCheck(CallerAccess access) {
    this.access = access;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<String> caller = caller();
    if (caller.isEmpty()) {
      return refuse(
          call,
          Status.UNAUTHENTICATED.withDescription(
              method + " needs a client certificate signed by the platform's CA"));
    }
    if (!access.allows(method, caller.get())) {
      LOG.warning(() -> "refused " + method + " to " + caller.get());
      return refuse(
          call,
          Status.PERMISSION_DENIED.withDescription(
              "caller " + caller.get() + " may not call " + method));
    }
    return Contexts.interceptCall(
        Context.current().withValue(CallerIdentity.KEY, caller.get()), call, headers, next);
  }

  private static Optional<String> caller() {
    GrpcConnectionContext connection = ServerContextKeys.CONNECTION_CONTEXT.get();
    if (connection == null) {
      return Optional.empty();
    }
    return connection
        .remotePeer()
        .tlsCertificates()
        .filter(chain -> chain.length > 0)
        .map(chain -> chain[0])
        .filter(X509Certificate.class::isInstance)
        .map(X509Certificate.class::cast)
        .flatMap(CallerIdentity::of);
  }

  @SuppressWarnings("unchecked")
  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return (ServerCall.Listener<Q>) NOTHING;
  }
}
