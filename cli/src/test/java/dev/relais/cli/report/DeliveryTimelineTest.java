package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.TimelineBucket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryTimelineTest {

  @Test
  void keepsMinutesWhileTheyFitAndMergesIntoRoundWiderBucketsOtherwise() {
    assertThat(DeliveryTimeline.widthFor(60, 60 * 60)).isEqualTo(60);
    assertThat(DeliveryTimeline.widthFor(60, 61 * 60)).isEqualTo(120);
    assertThat(DeliveryTimeline.widthFor(60, 5 * 3_600)).isEqualTo(300);
    assertThat(DeliveryTimeline.widthFor(60, 3 * 86_400)).isEqualTo(7_200);
    assertThat(DeliveryTimeline.widthFor(60, 120 * 86_400)).isEqualTo(172_800);
  }

  @Test
  void mergedBucketsKeepEveryCount() {
    CampaignTimeline.Builder timeline = CampaignTimeline.newBuilder().setBucketSeconds(60);
    long start = 1_772_438_400L; // a multiple of 300
    for (int minute = 0; minute < 90; minute++) {
      timeline.addBuckets(
          TimelineBucket.newBuilder()
              .setStart(Timestamp.newBuilder().setSeconds(start + 60L * minute))
              .setSubmitted(10)
              .setDelivered(minute % 2));
    }

    Report.TimeChart chart = (Report.TimeChart) DeliveryTimeline.chart(timeline.build());

    assertThat(chart.bucket()).isEqualTo(Duration.ofMinutes(2));
    assertThat(chart.starts()).hasSize(45);
    assertThat(chart.series().get(0).values()).containsOnly(20L);
    assertThat(chart.series().get(1).values()).containsOnly(1L);
    assertThat(chart.title()).isEqualTo("Submitted, delivered and failed per 2 minutes");
  }
}
