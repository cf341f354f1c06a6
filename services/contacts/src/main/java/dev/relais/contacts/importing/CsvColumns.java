package dev.relais.contacts.importing;

import static dev.relais.common.time.ProtoTime.timestamp;

import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ImportColumn;
import dev.relais.proto.contacts.v1.ImportWarning;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each column of a contacts file means, read from its header line, and the mapping of a data
 * row to a {@link ContactRecord}.
 *
 * <p>Headers are recognised by {@link HeaderVocabulary}, in English or French. Columns that match
 * no field become free attributes under their header name, so a file's extra data (loyalty tier,
 * last purchase) stays usable for segments. How each column was understood, and what deserves a
 * person's attention (two columns claiming one field, a column that looks like consent but is not
 * read as such), is part of the import report.
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
    LAST_INTERACTION;

    /** The name the import report gives the field. */
    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reason keys of the rows this mapping rejects. */
  public static final String INVALID_CONSENT = "invalid-consent";

  public static final String INVALID_CONSENT_DATE = "invalid-consent-date";
  public static final String INVALID_OPTED_OUT = "invalid-opted-out";
  public static final String INVALID_INTERACTION_DATE = "invalid-interaction-date";

  /** Warning codes of the header line. */
  public static final String COLUMNS_CLAIM_ONE_FIELD = "columns-claim-one-field";

  public static final String UNUSED_CONSENT_COLUMN = "unused-consent-column";

  /** What the report says of a column that feeds no field. */
  static final String ATTRIBUTE = "attribute";

  static final String IGNORED = "ignored";

  /** A mapped data row: the record, and what it says of consent (which a record cannot hold). */
  public record Mapped(ContactRecord record, ConsentAnswer consent) {}

  private final Map<Field, List<Integer>> fields;
  private final Map<Integer, String> attributes;
  private final List<ImportColumn> mapping;
  private final List<ImportWarning> warnings;

  private CsvColumns(
      Map<Field, List<Integer>> fields,
      Map<Integer, String> attributes,
      List<ImportColumn> mapping,
      List<ImportWarning> warnings) {
    this.fields = fields;
    this.attributes = attributes;
    this.mapping = mapping;
    this.warnings = warnings;
  }

  /**
   * Reads a header line.
   *
   * <p>Several columns may claim one field. Consent and opt-out columns are then all read, the most
   * restrictive answer winning (one "non" withdraws consent, one "oui" opts out); for the phone the
   * first mobile-named column wins, else the first phone-named one; for the other fields the first
   * column wins. Every such case is warned about; the columns not used become attributes.
   *
   * @throws NotCsvException when no column holds phone numbers: such a file is not a contacts file,
   *     and importing it row by row would only produce one error per line
   */
  public static CsvColumns fromHeader(List<String> header) {
    List<String> names = new ArrayList<>();
    Map<Field, List<Integer>> claims = new EnumMap<>(Field.class);
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i) == null ? "" : header.get(i).replace("\uFEFF", "").strip();
      names.add(name);
      if (!name.isEmpty()) {
        int column = i;
        HeaderVocabulary.field(name)
            .ifPresent(f -> claims.computeIfAbsent(f, k -> new ArrayList<>()).add(column));
      }
    }
    List<Integer> phones = claims.getOrDefault(Field.PHONE, List.of());
    if (phones.isEmpty()) {
      throw new NotCsvException(
          "no phone column in the header line: name one column phone, mobile, portable,"
              + " téléphone, numéro or msisdn");
    }
    int phone =
        phones.stream()
            .filter(i -> HeaderVocabulary.isMobile(names.get(i)))
            .findFirst()
            .orElse(phones.get(0));

    Map<Field, List<Integer>> fields = new EnumMap<>(Field.class);
    List<ImportWarning> warnings = new ArrayList<>();
    claims.forEach((field, columns) -> {
      List<Integer> used =
          switch (field) {
            case PHONE -> List.of(phone);
            case CONSENT, OPTED_OUT -> List.copyOf(columns);
            default -> List.of(columns.get(0));
          };
      fields.put(field, used);
      if (columns.size() > 1) {
        warnings.add(claimWarning(field, columns, used, names));
      }
    });

    Map<Integer, String> attributes = new LinkedHashMap<>();
    List<ImportColumn> mapping = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String field = IGNORED;
      if (!name.isEmpty()) {
        field = ATTRIBUTE;
        for (Map.Entry<Field, List<Integer>> used : fields.entrySet()) {
          if (used.getValue().contains(i)) {
            field = used.getKey().key();
          }
        }
        if (field.equals(ATTRIBUTE)) {
          attributes.put(i, name);
          if (HeaderVocabulary.field(name).isEmpty()
              && HeaderVocabulary.looksLikeConsentOrOptOut(name)) {
            warnings.add(
                warning(
                    UNUSED_CONSENT_COLUMN,
                    "column \""
                        + name
                        + "\" looks like consent or opt-out but is not read as the marketing SMS"
                        + " consent or opt-out (another channel, or not a yes/no answer): it is"
                        + " kept as an attribute. Rename it (e.g. \"Consentement SMS\","
                        + " \"Désinscrit SMS\") if it holds that answer."));
          }
        }
      }
      mapping.add(
          ImportColumn.newBuilder().setPosition(i + 1).setHeader(name).setField(field).build());
    }
    return new CsvColumns(fields, attributes, List.copyOf(mapping), List.copyOf(warnings));
  }

  /** How each column was understood, in file order. */
  public List<ImportColumn> mapping() {
    return mapping;
  }

  /** What the header line calls for a person to check. */
  public List<ImportWarning> warnings() {
    return warnings;
  }

  /** The column a field comes from, if any (the first one for consent and opt-out). */
  Optional<Integer> column(Field field) {
    List<Integer> columns = fields.get(field);
    return columns == null ? Optional.empty() : Optional.of(columns.get(0));
  }

  /** Every column a field is read from. */
  List<Integer> columns(Field field) {
    return fields.getOrDefault(field, List.of());
  }

  /** Free attribute columns by index, with the header name used as attribute key. */
  Map<Integer, String> attributeColumns() {
    return attributes;
  }

  /** Maps one data row; rejects it when a consent, opt-out or date cell cannot be understood. */
  public RowOutcome<Mapped> toRecord(List<String> row) {
    ContactRecord.Builder record = ContactRecord.newBuilder().setPhone(cell(row, Field.PHONE));
    record.setFirstName(cell(row, Field.FIRST_NAME));
    record.setLastName(cell(row, Field.LAST_NAME));
    record.setCity(cell(row, Field.CITY));
    record.setPostalCode(cell(row, Field.POSTAL_CODE));
    record.setRegion(cell(row, Field.REGION));
    record.addAllTags(ImportValues.tags(cell(row, Field.TAGS)));

    ConsentAnswer consent = ConsentAnswer.UNSAID;
    for (int column : columns(Field.CONSENT)) {
      Optional<ConsentAnswer> answer = ImportValues.consent(cell(row, column));
      if (answer.isEmpty()) {
        return RowOutcome.rejected(
            INVALID_CONSENT, "consent is not one of yes/no, oui/non, true/false, 1/0, pending");
      }
      consent = consent.and(answer.get());
    }
    record.setMarketingConsent(consent == ConsentAnswer.GRANTED);
    record.setConsentPending(consent == ConsentAnswer.PENDING);
    String consentAt = cell(row, Field.CONSENT_AT);
    boolean answered = consent == ConsentAnswer.GRANTED || consent == ConsentAnswer.WITHDRAWN;
    if (answered && !consentAt.isEmpty()) {
      try {
        record.setConsentAt(timestamp(ImportValues.instant(consentAt)));
      } catch (DateTimeException e) {
        return RowOutcome.rejected(INVALID_CONSENT_DATE, e.getMessage());
      }
    }
    boolean optedOut = false;
    for (int column : columns(Field.OPTED_OUT)) {
      Optional<Boolean> answer = ImportValues.flag(cell(row, column));
      if (answer.isEmpty()) {
        return RowOutcome.rejected(
            INVALID_OPTED_OUT, "opted-out is not one of yes/no, oui/non, true/false, 1/0");
      }
      optedOut |= answer.get();
    }
    record.setOptedOut(optedOut);
    String lastInteraction = cell(row, Field.LAST_INTERACTION);
    if (!lastInteraction.isEmpty()) {
      try {
        record.setLastInteractionAt(timestamp(ImportValues.instant(lastInteraction)));
      } catch (DateTimeException e) {
        return RowOutcome.rejected(INVALID_INTERACTION_DATE, e.getMessage());
      }
    }

    attributes.forEach((index, name) -> {
      String value = cell(row, index);
      if (!value.isEmpty()) {
        record.putAttributes(name, value);
      }
    });
    return RowOutcome.accepted(new Mapped(record.build(), consent));
  }

  /**
   * Folds a header name: no accents, lower case, runs of anything but letters and digits become one
   * underscore.
   */
  static String canonicalName(String header) {
    return HeaderVocabulary.canonicalName(header);
  }

  private static ImportWarning claimWarning(
      Field field, List<Integer> columns, List<Integer> used, List<String> names) {
    StringBuilder quoted = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      quoted.append(i == 0 ? "" : i == columns.size() - 1 ? " and " : ", ");
      quoted.append('"').append(names.get(columns.get(i))).append('"');
    }
    String all = columns.size() == 2 ? " both" : " all";
    String message =
        switch (field) {
          case CONSENT ->
              "columns "
                  + quoted
                  + all
                  + " give the marketing consent: each is read and the most restrictive"
                  + " answer wins (one \"non\" means no consent)";
          case OPTED_OUT ->
              "columns "
                  + quoted
                  + all
                  + " give the opt-out: each is read and one \"oui\" opts the contact out";
          default ->
              "columns "
                  + quoted
                  + all
                  + " name the "
                  + field.key()
                  + " field: \""
                  + names.get(used.get(0))
                  + "\" is used, the others are kept as attributes";
        };
    return warning(COLUMNS_CLAIM_ONE_FIELD, message);
  }

  private static ImportWarning warning(String code, String message) {
    return ImportWarning.newBuilder().setCode(code).setMessage(message).build();
  }

  private String cell(List<String> row, Field field) {
    List<Integer> columns = fields.get(field);
    return columns == null ? "" : cell(row, columns.get(0));
  }

  private static String cell(List<String> row, int index) {
    if (index >= row.size() || row.get(index) == null) {
      return "";
    }
    return row.get(index).strip();
  }
}
