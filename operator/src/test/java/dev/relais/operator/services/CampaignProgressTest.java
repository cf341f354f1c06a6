package dev.relais.operator.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.model.CampaignKpis;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What a progress built by its builder holds: every report it is given, and nothing else. */
class CampaignProgressTest {

  @Test
  void aBuilderFromAProgressKeepsEveryReport() {
    CampaignProgress.Encoding ucs2 = new CampaignProgress.Encoding("UCS-2", 2, 1, true, List.of());
    CampaignProgress reported =
        CampaignProgress.builder()
            .observedGeneration(3)
            .phase("Sending")
            .audience(1000)
            .suppressed(Map.of("no-consent", 2L))
            .queued(900)
            .expansionComplete(true)
            .message("next window 08:00 Europe/Paris")
            .heldForWindow(12)
            .delivery(new CampaignProgress.Delivery(800, 700, 20, 0, 1, 0, 0.875))
            .cost(new CampaignProgress.Cost("0.52", "EUR", 13, 2))
            .encoding(ucs2)
            .queuedUcs2(new CampaignProgress.Ucs2Count(7, 14))
            .estimate(new CampaignProgress.Estimate(5000, 2, 10000, "450.00", "EUR", "orange-fr"))
            .variants(
                List.of(
                    new CampaignProgress.Variant(
                        "a", 1, Optional.of(ucs2), 900, 1800, Optional.empty())))
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .clicks(new CampaignKpis.Clicks(40, 31, 2))
            .abTest(
                new CampaignProgress.AbTest(
                    "Sampling",
                    100,
                    Optional.empty(),
                    "",
                    false,
                    "",
                    Optional.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    "clicks",
                    "zTest",
                    List.of()))
            .build();

    assertThat(reported.toBuilder().build()).isEqualTo(reported);
  }

  @Test
  void aProgressThatNamesNothingIsPendingWithNothingReported() {
    CampaignProgress pending = CampaignProgress.builder().build();

    assertThat(pending.phase()).isEqualTo("Pending");
    assertThat(pending.resolved()).isZero();
    assertThat(pending.message()).isEmpty();
    assertThat(pending.traceId()).isEmpty();
    assertThat(pending.variants()).isEmpty();
    assertThat(pending.queuedUcs2()).isEqualTo(new CampaignProgress.Ucs2Count(0, 0));
    assertThat(List.of(pending.delivery(), pending.cost(), pending.encoding(), pending.estimate()))
        .allMatch(Optional::isEmpty);
    assertThat(pending.clicks()).isEmpty();
    assertThat(pending.abTest()).isEmpty();
  }
}
