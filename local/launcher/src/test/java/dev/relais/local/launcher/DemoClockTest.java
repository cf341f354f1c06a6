package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Campaign;
import dev.relais.scheduler.compliance.PolicyRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The platform clock of the local platform for the quickstart's fr-marketing campaign. */
class DemoClockTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** Sunday 6 December 2026, 05:40 in Paris: no marketing SMS may be sent. */
  private static final Instant SUNDAY =
      ZonedDateTime.of(2026, 12, 6, 5, 40, 0, 0, PARIS).toInstant();

  /** Tuesday 8 December 2026, 10:00 in Paris: inside the window. */
  private static final Instant TUESDAY =
      ZonedDateTime.of(2026, 12, 8, 10, 0, 0, 0, PARIS).toInstant();

  private Campaign campaign;

  @BeforeEach
  void loadTheQuickstartCampaign() throws Exception {
    campaign = Manifests.load(Path.of("../../examples/quickstart")).campaigns().get(0);
  }

  @Test
  void outsideTheWindowEveryServiceRunsShiftedIntoTheNextOneAndTheNoteSaysWhen() {
    DemoClock.Choice clock = DemoClock.forCampaign(campaign, SUNDAY);

    Instant shifted = SUNDAY.plus(clock.offset());
    assertThat(clock.offset()).isPositive();
    assertThat(PolicyRegistry.standard().resolve("fr-marketing", true).firstAllowed(shifted, PARIS))
        .isEqualTo(shifted);
    assertThat(clock.note())
        .contains("fr-marketing window is closed now (Sunday 6 December 2026 05:40")
        .contains("shifted to Monday 7 December 2026 08:05");
  }

  @Test
  void insideTheWindowTheClockIsReal() {
    DemoClock.Choice clock = DemoClock.forCampaign(campaign, TUESDAY);

    assertThat(clock.offset()).isEqualTo(Duration.ZERO);
    assertThat(clock.note()).startsWith("real time (Tuesday 8 December 2026 10:00");
  }

  @Test
  void realTimeAskedForKeepsTheClockAndSaysTheWindowIsClosed() {
    DemoClock.Choice clock = DemoClock.realTime(campaign, SUNDAY);

    assertThat(clock.offset()).isEqualTo(Duration.ZERO);
    assertThat(clock.note())
        .contains("Sunday 6 December 2026 05:40")
        .contains("the fr-marketing window is closed: its messages wait for it to open");
  }

  @Test
  void realTimeInsideTheWindowSaysSo() {
    assertThat(DemoClock.realTime(campaign, TUESDAY).note())
        .contains("inside the fr-marketing window");
  }
}
