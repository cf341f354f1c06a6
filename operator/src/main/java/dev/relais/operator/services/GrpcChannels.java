package dev.relais.operator.services;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One plaintext gRPC channel per service address, reused by every reconciliation. */
public final class GrpcChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** The channel to {@code address} (host:port), opened on first use. */
  public ManagedChannel to(String address) {
    return channels.computeIfAbsent(
        address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels.values()) {
      try {
        channel.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    channels.clear();
  }
}
