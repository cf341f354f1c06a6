package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A page's message ids tell when the page was composed, to the millisecond. */
class PageMessageIdsTest {

  @Test
  void everyMessageOfAPageCarriesTheMillisecondItsPageWasComposed() {
    Instant composed = Instant.parse("2026-03-02T09:00:00.123456Z");
    PageMessageIds ids = PageMessageIds.of(PageMessageIds.newKey(composed));

    for (String destination : new String[] {"+33612345678", "+33698765432", "+4915112345678"}) {
      assertThat(PageMessageIds.composedAt(ids.idFor(destination)))
          .contains(Instant.parse("2026-03-02T09:00:00.123Z"));
    }
  }

  @Test
  void anIdThatIsNoPagesCarriesNoTime() {
    assertThat(PageMessageIds.composedAt(UUID.randomUUID())).isEmpty();
  }
}
