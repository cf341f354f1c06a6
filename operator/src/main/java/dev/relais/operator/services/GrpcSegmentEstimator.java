package dev.relais.operator.services;

import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.EstimateSegmentRequest;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Contacts' EstimateSegment: counts (or extrapolates from a sample) the contacts a segment selects;
 * a filter that does not parse comes back as a rejection naming its position.
 */
public final class GrpcSegmentEstimator implements SegmentEstimator {

  private final GrpcChannels channels;
  private final Duration timeout;

  public GrpcSegmentEstimator(GrpcChannels channels, Duration timeout) {
    this.channels = channels;
    this.timeout = timeout;
  }

  @Override
  public Optional<Long> estimate(String contacts, String list, List<String> tags, String filter) {
    try {
      return Optional.of(
          ContactsServiceGrpc.newBlockingStub(channels.to(contacts))
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .estimateSegment(
                  EstimateSegmentRequest.newBuilder()
                      .setList(list)
                      .addAllTags(tags)
                      .setFilter(filter)
                      .build())
              .getEstimatedSize());
    } catch (StatusRuntimeException e) {
      throw GrpcSchedulerGateway.failure("contacts at " + contacts + " could not estimate", e);
    }
  }
}
