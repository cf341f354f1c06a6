package dev.relais.analytics.conversion;

import dev.relais.analytics.AnalyticsMetrics;
import dev.relais.analytics.store.ConversionDao.StoredConversion;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.proto.analytics.v1.RecordConversionResponse;
import java.time.Clock;
import java.util.Optional;

/**
 * The conversion ingest behind both doors (gRPC and HTTP/JSON): checks a report, records it and
 * says how it was attributed. Off (every report refused as a {@link GrpcErrors.Conflict}) when
 * analytics runs without {@code contacts.address} and without {@code links.address}: it then knows
 * no place where an order's contact could be matched with the messages sent to it.
 */
public final class ConversionIngest {

  /** Why the ingest is off, as callers are told. */
  static final String OFF =
      "conversion ingest is off: analytics runs without contacts.address and links.address";

  private final Optional<ConversionRecorder> recorder;
  private final String region;
  private final Clock clock;
  private final AnalyticsMetrics metrics;

  private ConversionIngest(
      Optional<ConversionRecorder> recorder, String region, Clock clock, AnalyticsMetrics metrics) {
    this.recorder = recorder;
    this.region = region;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * An ingest recording with {@code recorder}, reading national numbers of {@code region}, counting
   * the orders it records in {@code metrics}.
   */
  public static ConversionIngest of(
      ConversionRecorder recorder, String region, Clock clock, AnalyticsMetrics metrics) {
    return new ConversionIngest(Optional.of(recorder), region, clock, metrics);
  }

  /** An ingest that refuses every report, saying why. */
  public static ConversionIngest off() {
    return new ConversionIngest(Optional.empty(), "", Clock.systemUTC(), AnalyticsMetrics.none());
  }

  /**
   * Records one report.
   *
   * @throws IllegalArgumentException for a bad report (nothing recorded)
   * @throws GrpcErrors.Conflict when the ingest is off
   */
  public RecordConversionResponse record(RecordConversionRequest request) {
    ConversionRecorder on = recorder.orElseThrow(() -> new GrpcErrors.Conflict(OFF));
    ConversionRecorder.Outcome outcome = on.record(Order.of(request, region, clock.instant()));
    StoredConversion conversion = outcome.conversion();
    if (outcome.recorded()) {
      metrics.converted(conversion.attribution());
    }
    return RecordConversionResponse.newBuilder()
        .setOrderId(conversion.orderId())
        .setAttribution(
            switch (conversion.attribution()) {
              case CLICK -> dev.relais.proto.analytics.v1.Attribution.ATTRIBUTION_CLICK;
              case DELIVERY -> dev.relais.proto.analytics.v1.Attribution.ATTRIBUTION_DELIVERY;
              case NONE -> dev.relais.proto.analytics.v1.Attribution.ATTRIBUTION_NONE;
            })
        .setCampaignId(conversion.campaignId())
        .setVariant(conversion.variant())
        .setMessageId(conversion.messageId())
        .setRecorded(outcome.recorded())
        .build();
  }
}
