package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactDraftTest {

  private static ContactDraft draft(
      String phone,
      String firstName,
      String city,
      Set<String> tags,
      Map<String, String> attributes,
      ConsentAnswer consent,
      Instant consentAt,
      boolean optedOut,
      long line) {
    return new ContactDraft(
        phone,
        "FR",
        firstName,
        null,
        city,
        null,
        tags,
        attributes,
        consent,
        consentAt,
        optedOut,
        null,
        line,
        1);
  }

  @Test
  void laterRowWinsFieldByFieldAndCollectionsAccumulate() {
    ContactDraft first =
        draft(
            "+33612345678",
            "Zoé",
            "Nîmes",
            Set.of("vip"),
            Map.of("tier", "silver", "a", "1"),
            ConsentAnswer.GRANTED,
            Instant.parse("2024-01-01T00:00:00Z"),
            false,
            2);
    ContactDraft later =
        draft(
            "+33612345678",
            "Zoe",
            null,
            Set.of("sud"),
            Map.of("tier", "gold"),
            ConsentAnswer.UNSAID,
            null,
            true,
            9);

    ContactDraft merged = first.mergedWith(later);

    assertThat(merged.firstName()).isEqualTo("Zoe");
    assertThat(merged.city()).isEqualTo("Nîmes");
    assertThat(merged.tags()).containsExactlyInAnyOrder("vip", "sud");
    assertThat(merged.attributes()).containsEntry("tier", "gold").containsEntry("a", "1");
    assertThat(merged.consent()).isEqualTo(ConsentAnswer.GRANTED); // the later row did not say
    assertThat(merged.consentAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(merged.optedOut()).isTrue();
    assertThat(merged.line()).isEqualTo(9);
    assertThat(merged.rows()).isEqualTo(2);
  }

  @Test
  void laterConsentDateReplacesAnEarlierOne() {
    ContactDraft first =
        draft(
            "+33612345678",
            null,
            null,
            Set.of(),
            Map.of(),
            ConsentAnswer.GRANTED,
            Instant.parse("2024-01-01T00:00:00Z"),
            false,
            2);
    ContactDraft later =
        draft(
            "+33612345678",
            null,
            null,
            Set.of(),
            Map.of(),
            ConsentAnswer.GRANTED,
            Instant.parse("2025-01-01T00:00:00Z"),
            false,
            3);
    assertThat(first.mergedWith(later).consentAt())
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void aLaterRowSayingNoWithdrawsTheConsentOfAnEarlierRowWithItsDate() {
    Instant granted = Instant.parse("2024-01-01T00:00:00Z");
    Instant withdrawn = Instant.parse("2025-06-01T00:00:00Z");
    ContactDraft yes =
        draft(
            "+33612345678",
            null,
            null,
            Set.of(),
            Map.of(),
            ConsentAnswer.GRANTED,
            granted,
            false,
            2);
    ContactDraft no =
        draft(
            "+33612345678",
            null,
            null,
            Set.of(),
            Map.of(),
            ConsentAnswer.WITHDRAWN,
            withdrawn,
            false,
            5);
    ContactDraft undated =
        draft(
            "+33612345678",
            null,
            null,
            Set.of(),
            Map.of(),
            ConsentAnswer.WITHDRAWN,
            null,
            false,
            7);

    assertThat(yes.mergedWith(no).consent()).isEqualTo(ConsentAnswer.WITHDRAWN);
    assertThat(yes.mergedWith(no).consentAt()).isEqualTo(withdrawn);
    assertThat(yes.mergedWith(undated).consentAt()).isNull(); // dated by the import, not the grant
    assertThat(no.mergedWith(yes).consent()).isEqualTo(ConsentAnswer.GRANTED);
  }

  @Test
  void draftsOfDifferentNumbersDoNotMerge() {
    ContactDraft a =
        draft("+33612345678", null, null, Set.of(), Map.of(), ConsentAnswer.UNSAID, null, false, 1);
    ContactDraft b =
        draft("+33612345679", null, null, Set.of(), Map.of(), ConsentAnswer.UNSAID, null, false, 2);
    assertThatThrownBy(() -> a.mergedWith(b)).isInstanceOf(IllegalArgumentException.class);
  }
}
