package dev.relais.contacts.importing;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.ContactRecord;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each column of a contacts file means, read from its header line, and the mapping of a data
 * row to a {@link ContactRecord}.
 *
 * <p>Headers are matched case- and accent-insensitively, with spaces, dots and dashes treated alike
 * ("Téléphone portable" = "telephone_portable"), in English or French. Columns that match no field
 * become free attributes under their header name, so a file's extra data (loyalty tier, last
 * purchase) stays usable for segments.
 */
public final class CsvColumns {

  /** A contact field a column can feed. */
  enum Field {
    PHONE,
    FIRST_NAME,
    LAST_NAME,
    CITY,
    POSTAL_CODE,
    TAGS,
    CONSENT,
    CONSENT_AT,
    OPTED_OUT,
    REGION,
    LAST_INTERACTION
  }

  /** Reason keys of the rows this mapping rejects. */
  public static final String INVALID_CONSENT = "invalid-consent";

  public static final String INVALID_CONSENT_DATE = "invalid-consent-date";
  public static final String INVALID_OPTED_OUT = "invalid-opted-out";
  public static final String INVALID_INTERACTION_DATE = "invalid-interaction-date";

  /** Columns that surely hold a mobile number: preferred when a file also has a landline column. */
  private static final List<String> MOBILE_ALIASES =
      List.of(
          "msisdn",
          "mobile",
          "mobile_phone",
          "mobile_number",
          "cell",
          "cellphone",
          "cell_phone",
          "portable",
          "telephone_portable",
          "tel_portable",
          "telephone_mobile",
          "numero_mobile",
          "numero_portable",
          "gsm");

  private static final List<String> PHONE_ALIASES =
      List.of(
          "phone",
          "phone_number",
          "telephone",
          "telephone_number",
          "tel",
          "numero",
          "numero_de_telephone",
          "numero_telephone",
          "num_tel",
          "sms");

  private static final Map<String, Field> ALIASES = new HashMap<>();

  static {
    MOBILE_ALIASES.forEach(a -> ALIASES.put(a, Field.PHONE));
    PHONE_ALIASES.forEach(a -> ALIASES.put(a, Field.PHONE));
    alias(Field.FIRST_NAME, "first_name", "firstname", "first", "given_name", "prenom");
    alias(
        Field.LAST_NAME,
        "last_name",
        "lastname",
        "surname",
        "family_name",
        "nom",
        "nom_de_famille");
    alias(Field.CITY, "city", "town", "ville", "commune", "localite");
    alias(
        Field.POSTAL_CODE,
        "postal_code",
        "postalcode",
        "postcode",
        "post_code",
        "zip",
        "zipcode",
        "zip_code",
        "code_postal",
        "codepostal",
        "cp");
    alias(Field.TAGS, "tags", "tag", "labels", "etiquettes", "etiquette");
    alias(
        Field.CONSENT,
        "marketing_consent",
        "consent",
        "optin",
        "opt_in",
        "sms_optin",
        "consentement",
        "consentement_marketing",
        "consentement_sms");
    alias(
        Field.CONSENT_AT,
        "consent_at",
        "consent_date",
        "consented_at",
        "optin_at",
        "optin_date",
        "opt_in_date",
        "date_consentement",
        "date_optin",
        "date_opt_in");
    alias(
        Field.OPTED_OUT,
        "opted_out",
        "optedout",
        "optout",
        "opt_out",
        "stop",
        "unsubscribed",
        "desabonne",
        "desinscrit");
    alias(Field.REGION, "region", "country", "country_code", "pays", "code_pays");
    alias(
        Field.LAST_INTERACTION,
        "last_interaction",
        "last_interaction_at",
        "last_activity",
        "derniere_interaction",
        "derniere_activite");
  }

  private final Map<Field, Integer> fields;
  private final Map<Integer, String> attributes;

  private CsvColumns(Map<Field, Integer> fields, Map<Integer, String> attributes) {
    this.fields = fields;
    this.attributes = attributes;
  }

  /**
   * Reads a header line.
   *
   * @throws NotCsvException when no column holds phone numbers: such a file is not a contacts file,
   *     and importing it row by row would only produce one error per line
   */
  public static CsvColumns fromHeader(List<String> header) {
    Map<Field, Integer> fields = new EnumMap<>(Field.class);
    Map<Integer, String> attributes = new LinkedHashMap<>();
    int phoneColumn = choosePhoneColumn(header);
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i) == null ? "" : header.get(i).replace("\uFEFF", "").strip();
      if (name.isEmpty()) {
        continue; // trailing delimiters of spreadsheet exports: no data worth keeping
      }
      Field field = ALIASES.get(canonicalName(name));
      if (field == Field.PHONE && i == phoneColumn) {
        fields.put(Field.PHONE, i);
      } else if (field != null && field != Field.PHONE && !fields.containsKey(field)) {
        fields.put(field, i);
      } else {
        attributes.putIfAbsent(i, name);
      }
    }
    if (phoneColumn < 0) {
      throw new NotCsvException(
          "no phone column in the header line: name one column phone, mobile, telephone,"
              + " téléphone, numero or msisdn");
    }
    return new CsvColumns(fields, attributes);
  }

  /** The column a field comes from, if any (for tests and diagnostics). */
  Optional<Integer> column(Field field) {
    return Optional.ofNullable(fields.get(field));
  }

  /** Free attribute columns by index, with the header name used as attribute key. */
  Map<Integer, String> attributeColumns() {
    return attributes;
  }

  /** Maps one data row; rejects it when a consent or opt-out cell cannot be understood. */
  public RowOutcome<ContactRecord> toRecord(List<String> row) {
    ContactRecord.Builder record = ContactRecord.newBuilder().setPhone(cell(row, Field.PHONE));
    record.setFirstName(cell(row, Field.FIRST_NAME));
    record.setLastName(cell(row, Field.LAST_NAME));
    record.setCity(cell(row, Field.CITY));
    record.setPostalCode(cell(row, Field.POSTAL_CODE));
    record.setRegion(cell(row, Field.REGION));
    record.addAllTags(ImportValues.tags(cell(row, Field.TAGS)));

    String consentCell = cell(row, Field.CONSENT);
    boolean pending = ImportValues.pending(consentCell);
    Optional<Boolean> consent = pending ? Optional.of(false) : ImportValues.flag(consentCell);
    if (consent.isEmpty()) {
      return RowOutcome.rejected(
          INVALID_CONSENT, "consent is not one of yes/no, oui/non, true/false, 1/0, pending");
    }
    record.setConsentPending(pending);
    record.setMarketingConsent(consent.get());
    String consentAt = cell(row, Field.CONSENT_AT);
    if (consent.get() && !consentAt.isEmpty()) {
      try {
        Instant at = ImportValues.instant(consentAt);
        record.setConsentAt(
            Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
      } catch (DateTimeException e) {
        return RowOutcome.rejected(INVALID_CONSENT_DATE, e.getMessage());
      }
    }
    Optional<Boolean> optedOut = ImportValues.flag(cell(row, Field.OPTED_OUT));
    if (optedOut.isEmpty()) {
      return RowOutcome.rejected(
          INVALID_OPTED_OUT, "opted-out is not one of yes/no, oui/non, true/false, 1/0");
    }
    record.setOptedOut(optedOut.get());
    String lastInteraction = cell(row, Field.LAST_INTERACTION);
    if (!lastInteraction.isEmpty()) {
      try {
        Instant at = ImportValues.instant(lastInteraction);
        record.setLastInteractionAt(
            Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
      } catch (DateTimeException e) {
        return RowOutcome.rejected(INVALID_INTERACTION_DATE, e.getMessage());
      }
    }

    attributes.forEach((index, name) -> {
      String value = index < row.size() && row.get(index) != null ? row.get(index).strip() : "";
      if (!value.isEmpty()) {
        record.putAttributes(name, value);
      }
    });
    return RowOutcome.accepted(record.build());
  }

  /**
   * Folds a header name: no accents, lower case, runs of anything but letters and digits become one
   * underscore.
   */
  static String canonicalName(String header) {
    String unaccented =
        Normalizer.normalize(header.replace("\uFEFF", ""), Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "");
    return unaccented
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
  }

  private String cell(List<String> row, Field field) {
    Integer index = fields.get(field);
    if (index == null || index >= row.size() || row.get(index) == null) {
      return "";
    }
    return row.get(index).strip();
  }

  /** The first mobile-named column, else the first phone-named one, else -1. */
  private static int choosePhoneColumn(List<String> header) {
    List<String> names = new ArrayList<>();
    header.forEach(h -> names.add(h == null ? "" : canonicalName(h)));
    for (int i = 0; i < names.size(); i++) {
      if (MOBILE_ALIASES.contains(names.get(i))) {
        return i;
      }
    }
    for (int i = 0; i < names.size(); i++) {
      if (PHONE_ALIASES.contains(names.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static void alias(Field field, String... names) {
    for (String name : names) {
      ALIASES.put(name, field);
    }
  }
}
