package dev.relais.contacts.importing;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.sms.phone.PhoneNumbers;
import dev.relais.sms.phone.Regions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether one contact record (from a CSV row or the API) may enter the audience, and
 * normalises it into a {@link ContactDraft}.
 */
public final class ContactValidation {

  public static final String INVALID_REGION = "invalid-region";
  public static final String FIELD_TOO_LONG = "field-too-long";

  /** Longer values are data accidents (a whole line pasted into a cell), not contact data. */
  static final int MAX_FIELD_LENGTH = 1000;

  static final int MAX_ATTRIBUTES = 100;

  /** Clock skew tolerated on consent dates before they count as being in the future. */
  private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

  private ContactValidation() {}

  /**
   * Validates a record of the API. National numbers are read in the record's own region if it has
   * one, else in {@code defaultRegion}. A record grants consent or asks for a double opt-in; one
   * without {@code marketing_consent} leaves the stored consent as it is.
   */
  public static RowOutcome<ContactDraft> validate(
      ContactRecord record, String defaultRegion, long line, Instant now) {
    ConsentAnswer consent =
        record.getMarketingConsent()
            ? ConsentAnswer.GRANTED
            : record.getConsentPending() ? ConsentAnswer.PENDING : ConsentAnswer.UNSAID;
    return validate(record, consent, defaultRegion, line, now);
  }

  /**
   * Validates a record mapped from a file row, whose consent answer may also be a withdrawal.
   *
   * @param consent what the row says of consent; {@code record.consent_at} dates a grant or a
   *     withdrawal
   */
  public static RowOutcome<ContactDraft> validate(
      ContactRecord record, ConsentAnswer consent, String defaultRegion, long line, Instant now) {
    String region = defaultRegion;
    if (!record.getRegion().isBlank()) {
      Optional<String> resolved = Regions.resolve(record.getRegion());
      if (resolved.isEmpty()) {
        return RowOutcome.rejected(
            INVALID_REGION, "region is not an ISO 3166 code or a known country name");
      }
      region = resolved.get();
    }
    PhoneNumbers.Result phone = PhoneNumbers.normaliseMobile(record.getPhone(), region);
    if (phone instanceof PhoneNumbers.Rejected rejected) {
      return RowOutcome.rejected(rejected.reason(), explain(rejected.reason(), region));
    }
    PhoneNumbers.Normalised number = (PhoneNumbers.Normalised) phone;

    String tooLong = firstTooLong(record);
    if (tooLong != null) {
      return RowOutcome.rejected(
          FIELD_TOO_LONG, tooLong + " is longer than " + MAX_FIELD_LENGTH + " characters");
    }
    if (record.getAttributesCount() > MAX_ATTRIBUTES) {
      return RowOutcome.rejected(
          FIELD_TOO_LONG, "more than " + MAX_ATTRIBUTES + " attribute columns");
    }

    Instant consentAt = null;
    boolean answered = consent == ConsentAnswer.GRANTED || consent == ConsentAnswer.WITHDRAWN;
    if (answered && record.hasConsentAt()) {
      consentAt = ProtoTime.instant(record.getConsentAt());
      if (consentAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
        return RowOutcome.rejected(
            CsvColumns.INVALID_CONSENT_DATE, "consent date is in the future");
      }
    }

    Instant lastInteractionAt = null;
    if (record.hasLastInteractionAt()) {
      lastInteractionAt = ProtoTime.instant(record.getLastInteractionAt());
      if (lastInteractionAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
        return RowOutcome.rejected(
            CsvColumns.INVALID_INTERACTION_DATE, "last interaction date is in the future");
      }
    }

    Set<String> tags = new LinkedHashSet<>();
    for (String tag : record.getTagsList()) {
      String cleaned = tag.strip().toLowerCase(Locale.ROOT);
      if (!cleaned.isEmpty()) {
        tags.add(cleaned);
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    record
        .getAttributesMap()
        .forEach((key, value) -> {
          if (!key.isBlank() && !value.isBlank()) {
            attributes.put(key.strip(), value.strip());
          }
        });
    return RowOutcome.accepted(
        new ContactDraft(
            number.e164(),
            number.region(),
            emptyToNull(record.getFirstName()),
            emptyToNull(record.getLastName()),
            emptyToNull(record.getCity()),
            emptyToNull(record.getPostalCode()),
            tags,
            attributes,
            consent,
            consentAt,
            record.getOptedOut(),
            lastInteractionAt,
            line,
            1));
  }

  private static String explain(String reason, String region) {
    return switch (reason) {
      case PhoneNumbers.MISSING_PHONE -> "the phone number is empty";
      case PhoneNumbers.NOT_MOBILE ->
          "the number cannot receive SMS (fixed line, toll-free, premium rate or VoIP)";
      default ->
          "not a valid phone number"
              + (region == null || region.isBlank()
                  ? ""
                  : " (national numbers read as " + region + ")");
    };
  }

  private static String firstTooLong(ContactRecord record) {
    if (record.getFirstName().length() > MAX_FIELD_LENGTH) {
      return "first name";
    }
    if (record.getLastName().length() > MAX_FIELD_LENGTH) {
      return "last name";
    }
    if (record.getCity().length() > MAX_FIELD_LENGTH) {
      return "city";
    }
    if (record.getPostalCode().length() > MAX_FIELD_LENGTH) {
      return "postal code";
    }
    for (String tag : record.getTagsList()) {
      if (tag.length() > MAX_FIELD_LENGTH) {
        return "a tag";
      }
    }
    for (Map.Entry<String, String> attribute : record.getAttributesMap().entrySet()) {
      if (attribute.getKey().length() > MAX_FIELD_LENGTH
          || attribute.getValue().length() > MAX_FIELD_LENGTH) {
        return "attribute '" + abbreviate(attribute.getKey()) + "'";
      }
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static String emptyToNull(String value) {
    String stripped = value == null ? "" : value.strip();
    return stripped.isEmpty() ? null : stripped;
  }
}
