package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.contacts.store.ContactsTable;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentChangeTest {

  private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
  private static final Instant JANUARY = Instant.parse("2025-01-15T00:00:00Z");
  private static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");

  private static ContactDraft row(ConsentAnswer consent, Instant at) {
    return new ContactDraft(
        "+33612345678",
        "FR",
        null,
        null,
        null,
        null,
        Set.of(),
        Map.of(),
        consent,
        at,
        false,
        null,
        2,
        1);
  }

  private static ContactsTable.Stored consenting(Instant since) {
    return new ContactsTable.Stored(null, null, true, null, null, null, since);
  }

  private static ConsentChange change(ContactDraft row, ContactsTable.Stored before) {
    return ConsentChange.of(row, before, NOW, "crm");
  }

  @Test
  void aFirstUndatedGrantIsDatedByTheImport() {
    assertThat(change(row(ConsentAnswer.GRANTED, null), null))
        .isEqualTo(new ConsentChange(true, NOW, "crm"));
    assertThat(change(row(ConsentAnswer.GRANTED, JANUARY), null))
        .isEqualTo(new ConsentChange(true, JANUARY, "crm"));
  }

  @Test
  void reImportingAConsentingContactDoesNotReDateItsConsent() {
    assertThat(change(row(ConsentAnswer.GRANTED, null), consenting(JANUARY))).isNull();
    assertThat(change(row(ConsentAnswer.GRANTED, JANUARY), consenting(JANUARY))).isNull();
    assertThat(change(row(ConsentAnswer.GRANTED, MARCH), consenting(JANUARY)))
        .isEqualTo(new ConsentChange(true, MARCH, "crm"));
  }

  @Test
  void noWithdrawsAConsentAtTheFileDateElseAtImportTime() {
    assertThat(change(row(ConsentAnswer.WITHDRAWN, MARCH), consenting(JANUARY)))
        .isEqualTo(new ConsentChange(false, MARCH, "crm"));
    assertThat(change(row(ConsentAnswer.WITHDRAWN, null), consenting(JANUARY)))
        .isEqualTo(new ConsentChange(false, NOW, "crm"));
    ContactsTable.Stored awaiting =
        new ContactsTable.Stored(null, null, false, JANUARY, null, null, null);
    assertThat(change(row(ConsentAnswer.WITHDRAWN, null), awaiting))
        .isEqualTo(new ConsentChange(false, NOW, "crm"));
  }

  @Test
  void noForSomeoneWhoDoesNotConsentAndAnEmptyCellChangeNothing() {
    assertThat(change(row(ConsentAnswer.WITHDRAWN, null), null)).isNull();
    assertThat(
            change(
                row(ConsentAnswer.WITHDRAWN, null),
                new ContactsTable.Stored(null, null, false, null, null, null, null)))
        .isNull();
    assertThat(change(row(ConsentAnswer.UNSAID, null), consenting(JANUARY))).isNull();
  }
}
