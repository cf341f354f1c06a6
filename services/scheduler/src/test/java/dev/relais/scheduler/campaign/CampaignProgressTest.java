package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.queue.OutgoingMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CampaignProgressTest {

  private static OutgoingMessage message(int parts) {
    Instant now = Instant.parse("2026-11-24T09:00:00Z");
    return new OutgoingMessage(
        UUID.randomUUID(),
        "c",
        "r",
        "+33600000001",
        "S",
        "hi",
        now,
        now.plusSeconds(60),
        "",
        true,
        parts);
  }

  @Test
  void pagesAddUpAndTheLastPageCompletesExpansion() {
    PageOutcome first =
        new PageOutcome(3, List.of(message(1), message(2)), Map.of("no-consent", 1L), 3);
    PageOutcome last =
        new PageOutcome(2, List.of(message(1)), Map.of("no-consent", 1L, "opted-out", 0L), 1);

    CampaignProgress afterFirst = CampaignProgress.NONE.plus(first, "page-2");
    CampaignProgress afterLast = afterFirst.plus(last, "");

    assertThat(afterFirst.pageToken()).isEqualTo("page-2");
    assertThat(afterFirst.expansionComplete()).isFalse();
    assertThat(afterLast.audience()).isEqualTo(5);
    assertThat(afterLast.queued()).isEqualTo(3);
    assertThat(afterLast.queuedParts()).isEqualTo(4);
    assertThat(afterLast.suppressed()).containsEntry("no-consent", 2L);
    assertThat(afterLast.expansionComplete()).isTrue();
    assertThat(afterLast.pageToken()).isEmpty();
  }

  @Test
  void nullTokenIsTheFirstPage() {
    assertThat(new CampaignProgress(0, Map.of(), 0, 0, null, false).pageToken()).isEmpty();
  }
}
