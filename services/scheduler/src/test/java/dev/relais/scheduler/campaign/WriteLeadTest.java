package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteLeadTest {

  private final WriteLead lead = new WriteLead();

  @Test
  void theFirstPageOfARunIsWrittenAtOnce() {
    assertThat(lead.next()).isZero();
  }

  @Test
  void leadsByTwiceTheSlowestRecentPage() {
    lead.record(Duration.ofMillis(150));
    lead.record(Duration.ofMillis(400));
    lead.record(Duration.ofMillis(120));

    assertThat(lead.next()).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void forgetsASlowPageOnceFourOthersFollowedIt() {
    lead.record(Duration.ofMillis(900));
    for (int i = 0; i < 3; i++) {
      lead.record(Duration.ofMillis(150));
    }
    assertThat(lead.next()).isEqualTo(Duration.ofMillis(1800));

    lead.record(Duration.ofMillis(150));

    assertThat(lead.next()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void staysWithinItsBounds() {
    lead.record(Duration.ofMillis(1));
    assertThat(lead.next()).isEqualTo(WriteLead.MIN);

    lead.record(Duration.ofMinutes(1));
    assertThat(lead.next()).isEqualTo(WriteLead.MAX);
  }
}
