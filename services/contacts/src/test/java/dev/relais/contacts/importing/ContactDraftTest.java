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
      boolean consent,
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
        false,
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
            true,
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
            false,
            null,
            true,
            9);

    ContactDraft merged = first.mergedWith(later);

    assertThat(merged.firstName()).isEqualTo("Zoe");
    assertThat(merged.city()).isEqualTo("Nîmes");
    assertThat(merged.tags()).containsExactlyInAnyOrder("vip", "sud");
    assertThat(merged.attributes()).containsEntry("tier", "gold").containsEntry("a", "1");
    assertThat(merged.consent()).isTrue();
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
            true,
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
            true,
            Instant.parse("2025-01-01T00:00:00Z"),
            false,
            3);
    assertThat(first.mergedWith(later).consentAt())
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void draftsOfDifferentNumbersDoNotMerge() {
    ContactDraft a = draft("+33612345678", null, null, Set.of(), Map.of(), false, null, false, 1);
    ContactDraft b = draft("+33612345679", null, null, Set.of(), Map.of(), false, null, false, 2);
    assertThatThrownBy(() -> a.mergedWith(b)).isInstanceOf(IllegalArgumentException.class);
  }
}
