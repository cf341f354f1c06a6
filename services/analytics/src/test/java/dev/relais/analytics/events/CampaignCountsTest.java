package dev.relais.analytics.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.relais.proto.analytics.v1.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignCountsTest {

  @Test
  void mapsEveryTypeToItsCount() {
    CampaignCounts counts =
        CampaignCounts.fromTotals(
            Map.of(
                EventType.EVENT_TYPE_QUEUED, 7L,
                EventType.EVENT_TYPE_SUBMITTED, 6L,
                EventType.EVENT_TYPE_SUBMIT_FAILED, 1L,
                EventType.EVENT_TYPE_DELIVERED, 4L,
                EventType.EVENT_TYPE_UNDELIVERED, 1L,
                EventType.EVENT_TYPE_EXPIRED, 1L,
                EventType.EVENT_TYPE_OPTED_OUT, 2L,
                EventType.EVENT_TYPE_IN_DOUBT, 3L,
                EventType.EVENT_TYPE_DELIVERY_UNKNOWN, 5L));

    assertThat(counts).isEqualTo(new CampaignCounts(7, 6, 1, 4, 1, 1, 2, 3, 5));
  }

  @Test
  void missingTypesCountZero() {
    assertThat(CampaignCounts.fromTotals(Map.of())).isEqualTo(CampaignCounts.NONE);
    assertThat(CampaignCounts.fromTotals(Map.of(EventType.EVENT_TYPE_DELIVERED, 3L)).submitted())
        .isZero();
  }

  @Test
  void deliveryRateIsDeliveredOverSubmitted() {
    assertThat(new CampaignCounts(0, 4, 0, 3, 1, 0, 0, 0, 0).deliveryRate())
        .isCloseTo(0.75, within(1e-12));
    assertThat(new CampaignCounts(0, 3, 0, 1, 0, 0, 0, 0, 0).deliveryRate())
        .isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void deliveryRateIsZeroWhenNothingWasSubmittedOrDelivered() {
    assertThat(CampaignCounts.NONE.deliveryRate()).isZero();
    assertThat(new CampaignCounts(5, 0, 0, 2, 0, 0, 0, 0, 0).deliveryRate()).isZero();
    assertThat(new CampaignCounts(0, 10, 0, 0, 10, 0, 0, 0, 0).deliveryRate()).isZero();
  }

  @Test
  void deliveryRateNeverExceedsOneWhenReceiptsOvertakeSubmits() {
    assertThat(new CampaignCounts(0, 2, 0, 3, 0, 0, 0, 0, 0).deliveryRate()).isEqualTo(1.0);
  }
}
