package dev.relais.contacts.importing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated import row ready to be merged into the store: the number in E.164, and only the
 * fields the row actually gave (null or empty means "leave the stored value as it is").
 *
 * @param phone E.164 number
 * @param region ISO 3166 region of the number
 * @param consent what the row says of marketing consent: granted, withdrawn (a file's "non"),
 *     pending (a double opt-in: consent only once the person replies a confirmation keyword), or
 *     nothing
 * @param consentAt when the consent was given or withdrawn, null when the file does not say
 * @param lastInteractionAt last activity of the person known to the caller (purchase, click), or
 *     null
 * @param line line of the (last) row this draft comes from, for diagnostics
 * @param rows how many rows of the import were merged into this draft
 */
public record ContactDraft(
    String phone,
    String region,
    String firstName,
    String lastName,
    String city,
    String postalCode,
    Set<String> tags,
    Map<String, String> attributes,
    ConsentAnswer consent,
    Instant consentAt,
    boolean optedOut,
    Instant lastInteractionAt,
    long line,
    int rows) {

  public ContactDraft {
    Objects.requireNonNull(phone, "phone");
    Objects.requireNonNull(consent, "consent");
    tags = Set.copyOf(tags);
    attributes = Map.copyOf(attributes);
  }

  /**
   * Merges a later row for the same number: the later row's non-empty fields win, tags and
   * attributes accumulate, the later row's consent answer (with its date) wins when it gives one,
   * and an opt-out is kept once given.
   */
  public ContactDraft mergedWith(ContactDraft later) {
    if (!phone.equals(later.phone)) {
      throw new IllegalArgumentException("cannot merge drafts of two different numbers");
    }
    Set<String> mergedTags = new LinkedHashSet<>(tags);
    mergedTags.addAll(later.tags);
    Map<String, String> mergedAttributes = new LinkedHashMap<>(attributes);
    mergedAttributes.putAll(later.attributes);
    return new ContactDraft(
        phone,
        region,
        later.firstName != null ? later.firstName : firstName,
        later.lastName != null ? later.lastName : lastName,
        later.city != null ? later.city : city,
        later.postalCode != null ? later.postalCode : postalCode,
        mergedTags,
        mergedAttributes,
        later.consent != ConsentAnswer.UNSAID ? later.consent : consent,
        later.consent != ConsentAnswer.UNSAID ? later.consentAt : consentAt,
        optedOut || later.optedOut,
        latest(lastInteractionAt, later.lastInteractionAt),
        later.line,
        rows + later.rows);
  }

  /** Whether the row asks for a double opt-in. */
  public boolean consentPending() {
    return consent == ConsentAnswer.PENDING;
  }

  /** The later of two optional instants. */
  public static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
