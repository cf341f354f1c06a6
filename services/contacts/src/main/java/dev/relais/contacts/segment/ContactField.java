package dev.relais.contacts.segment;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.Contact;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A property of a contact that a segment filter can test: a built-in field or an attribute. */
sealed interface ContactField permits ContactField.Builtin, ContactField.Attribute {

  /** How a field's values are compared. */
  enum Kind {
    TEXT,
    SET,
    BOOLEAN,
    DATE
  }

  Kind kind();

  /** The name as written in a canonical filter. */
  String canonical();

  /** A TEXT field's value, null when absent or empty. */
  default String text(Contact contact) {
    throw new IllegalStateException(canonical() + " is not a text field");
  }

  /** A SET field's values. */
  default List<String> values(Contact contact) {
    throw new IllegalStateException(canonical() + " is not a set");
  }

  /** A BOOLEAN field's value. */
  default boolean bool(Contact contact) {
    throw new IllegalStateException(canonical() + " is not a boolean");
  }

  /** A DATE field's value, null when absent. */
  default Instant instant(Contact contact) {
    throw new IllegalStateException(canonical() + " is not a date");
  }

  /** The built-in field named {@code name} (folded: "postal_code" = "postalCode"), or null. */
  static Builtin builtin(String name) {
    String folded = TextFolding.name(name);
    for (Builtin field : Builtin.values()) {
      if (field.aliases.contains(folded)) {
        return field;
      }
    }
    return null;
  }

  /** The fields every contact has. */
  enum Builtin implements ContactField {
    PHONE("phone", Kind.TEXT, "phone", "number", "msisdn"),
    FIRST_NAME("firstName", Kind.TEXT, "firstname", "prenom"),
    LAST_NAME("lastName", Kind.TEXT, "lastname", "nom"),
    CITY("city", Kind.TEXT, "city", "ville"),
    POSTAL_CODE("postalCode", Kind.TEXT, "postalcode", "zip", "zipcode", "codepostal", "cp"),
    REGION("region", Kind.TEXT, "region", "country", "pays"),
    TAGS("tags", Kind.SET, "tags", "tag"),
    LISTS("lists", Kind.SET, "lists", "list"),
    CONSENT("consent", Kind.BOOLEAN, "consent", "marketingconsent"),
    OPTED_OUT("optedOut", Kind.BOOLEAN, "optedout", "optout"),
    CONSENT_AT("consentAt", Kind.DATE, "consentat", "consentdate"),
    OPTED_OUT_AT("optedOutAt", Kind.DATE, "optedoutat", "optoutat"),
    LAST_INTERACTION(
        "lastInteraction", Kind.DATE, "lastinteraction", "lastinteractionat", "lastactivity");

    private final String canonical;
    private final Kind kind;
    private final List<String> aliases;

    Builtin(String canonical, Kind kind, String... aliases) {
      this.canonical = canonical;
      this.kind = kind;
      this.aliases = List.of(aliases);
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public String canonical() {
      return canonical;
    }

    @Override
    public String text(Contact contact) {
      String value =
          switch (this) {
            case PHONE -> contact.getPhone();
            case FIRST_NAME -> contact.getFirstName();
            case LAST_NAME -> contact.getLastName();
            case CITY -> contact.getCity();
            case POSTAL_CODE -> contact.getPostalCode();
            case REGION -> contact.getRegion();
            default -> ContactField.super.text(contact);
          };
      return value.isEmpty() ? null : value;
    }

    @Override
    public List<String> values(Contact contact) {
      return switch (this) {
        case TAGS -> contact.getTagsList();
        case LISTS -> contact.getListsList();
        default -> ContactField.super.values(contact);
      };
    }

    @Override
    public boolean bool(Contact contact) {
      return switch (this) {
        case CONSENT -> contact.getMarketingConsent();
        case OPTED_OUT -> contact.getOptedOut();
        default -> ContactField.super.bool(contact);
      };
    }

    @Override
    public Instant instant(Contact contact) {
      return switch (this) {
        case CONSENT_AT ->
            contact.hasConsentAt() ? ProtoTime.instant(contact.getConsentAt()) : null;
        case OPTED_OUT_AT ->
            contact.hasOptedOutAt() ? ProtoTime.instant(contact.getOptedOutAt()) : null;
        case LAST_INTERACTION ->
            contact.hasLastInteractionAt()
                ? ProtoTime.instant(contact.getLastInteractionAt())
                : null;
        default -> ContactField.super.instant(contact);
      };
    }
  }

  /**
   * A custom attribute (a free column of an import). Names match whatever their case, accents and
   * separators, so {@code lastPurchase} finds the column "Last purchase".
   */
  record Attribute(String name, String folded) implements ContactField {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    Attribute(String name) {
      this(name, TextFolding.name(name));
    }

    @Override
    public Kind kind() {
      return Kind.TEXT;
    }

    @Override
    public String canonical() {
      return "attr." + (PLAIN_NAME.matcher(name).matches() ? name : SegmentValue.quote(name));
    }

    @Override
    public String text(Contact contact) {
      Map<String, String> attributes = contact.getAttributesMap();
      String value = attributes.get(name);
      if (value == null) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
          if (TextFolding.name(attribute.getKey()).equals(folded)) {
            value = attribute.getValue();
            break;
          }
        }
      }
      return value == null || value.isBlank() ? null : value;
    }
  }
}
