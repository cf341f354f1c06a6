package dev.relais.cli.connect;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A channel to one service, with the deadline every call on it gets: mutual TLS with the tool's
 * client certificate when it has one ({@link ClientTls}), else plain HTTP/2 (services without TLS,
 * on loopback locally or inside the cluster network; through {@code kubectl port-forward} the hop
 * to the cluster is the API server's TLS).
 */
public final class ServiceConnection implements AutoCloseable {

  private final ServiceAddress address;
  private final Duration timeout;
  private final ManagedChannel channel;
  private final boolean plainText;

  private ServiceConnection(
      ServiceAddress address, Duration timeout, ManagedChannel channel, boolean plainText) {
    this.address = address;
    this.timeout = timeout;
    this.channel = channel;
    this.plainText = plainText;
  }

  /** Opens a plain-text channel to {@code address}; nothing is sent until the first call. */
  public static ServiceConnection open(ServiceAddress address, Duration timeout) {
    return open(address, timeout, ClientTls.plain());
  }

  /**
   * Opens a channel to {@code address}, presenting the client certificate of {@code tls} when it
   * has one and then accepting only a service certificate of the platform's CA that names the host
   * dialled (or {@link ClientTls#serverName()}); nothing is sent until the first call.
   */
  public static ServiceConnection open(ServiceAddress address, Duration timeout, ClientTls tls) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port());
    tls.tls()
        .client()
        .ifPresentOrElse(
            context -> {
              builder.sslContext(context).useTransportSecurity();
              tls.serverName().ifPresent(builder::overrideAuthority);
            },
            builder::usePlaintext);
    return new ServiceConnection(address, timeout, builder.build(), !tls.tls().enabled());
  }

  public ManagedChannel channel() {
    return channel;
  }

  public ServiceAddress address() {
    return address;
  }

  /** How long each call may take. */
  public Duration timeout() {
    return timeout;
  }

  /** The deadline in milliseconds, for {@code stub.withDeadlineAfter(..., MILLISECONDS)}. */
  public long deadlineMillis() {
    return timeout.toMillis();
  }

  /** Runs one call; a gRPC failure becomes a {@link CliException} that says what failed where. */
  public <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw failure(what, e.getStatus());
    }
  }

  /** The exception to report for a call ({@code what}, e.g. "ExportContact") that ended so. */
  public CliException failure(String what, Status status) {
    String description = status.getDescription() == null ? "" : status.getDescription();
    String where = address.service().key() + " at " + address + " (from " + address.source() + ")";
    if (plainText && answeredWithTls(status)) {
      return new CliException(
          ExitCodes.UNREACHABLE,
          where
              + " talks mutual TLS and the tool has no client certificate: give --tls-cert,"
              + " --tls-key and --tls-ca (or RELAIS_TLS_CERT, RELAIS_TLS_KEY, RELAIS_TLS_CA)");
    }
    String message =
        switch (status.getCode()) {
          // A transport failure carries its cause; an UNAVAILABLE the service answered does not.
          case UNAVAILABLE ->
              status.getCause() == null
                  ? what + " failed: UNAVAILABLE: " + description
                  : where
                      + " cannot be reached: "
                      + status.getCause().getMessage()
                      + ". Is it running, and is the address right?";
          case DEADLINE_EXCEEDED ->
              where + " did not answer " + what + " within " + human(timeout) + " (--timeout)";
          case UNIMPLEMENTED ->
              where + " does not offer " + what + ": is it an older version than this tool?";
          default ->
              what
                  + " failed: "
                  + status.getCode()
                  + (description.isEmpty() ? "" : ": " + description);
        };
    return new CliException(ExitCodes.of(status.getCode()), message);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether a plain-text call failed because the server answered with TLS: its first bytes are a
   * TLS record, not the HTTP/2 settings frame the transport expects.
   */
  private static boolean answeredWithTls(Status status) {
    for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null
          && cause.getMessage().contains("First received frame was not SETTINGS")) {
        return true;
      }
    }
    return false;
  }

  private static String human(Duration duration) {
    return DurationConverter.format(duration);
  }
}
