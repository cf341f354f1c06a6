package dev.relais.cli.connect;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A channel to one service, with the deadline every call on it gets. Plain HTTP/2: the services
 * serve gRPC without TLS (on loopback locally, inside the cluster network otherwise; through {@code
 * kubectl port-forward} the hop to the cluster is the API server's TLS).
 */
public final class ServiceConnection implements AutoCloseable {

  private final ServiceAddress address;
  private final Duration timeout;
  private final ManagedChannel channel;

  private ServiceConnection(ServiceAddress address, Duration timeout, ManagedChannel channel) {
    this.address = address;
    this.timeout = timeout;
    this.channel = channel;
  }

  /** Opens a channel to {@code address}; nothing is sent until the first call. */
  public static ServiceConnection open(ServiceAddress address, Duration timeout) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
    return new ServiceConnection(address, timeout, channel);
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

  private static String human(Duration duration) {
    return DurationConverter.format(duration);
  }
}
