package dev.relais.scheduler.template;

import dev.relais.proto.contacts.v1.Contact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A campaign template parsed once and rendered per contact: {@code {{firstName}}} or {@code {{
 * firstName | client }}} (the fallback replaces an empty or missing value).
 *
 * <p>Placeholders name a contact field ({@code firstName}, {@code lastName}, {@code city}, {@code
 * postalCode}; snake_case and any letter case also work) or a contact attribute. A bare attribute
 * name needs a fallback, because the scheduler cannot know at acceptance time whether every contact
 * carries it; {@code {{attributes.tier}}} names an attribute explicitly and renders empty when
 * missing. Anything else is refused when the campaign is accepted, never discovered mid-send.
 */
public final class TemplateRenderer {

  /** The contact fields a placeholder may name without a fallback. */
  public static final List<String> FIELDS = List.of("firstName", "lastName", "city", "postalCode");

  private static final String ATTRIBUTE_PREFIX = "attributes.";

  private final List<Segment> segments;
  private final List<String> placeholders;
  private final int literalLength;

  private TemplateRenderer(List<Segment> segments, List<String> placeholders, int literalLength) {
    this.segments = segments;
    this.placeholders = placeholders;
    this.literalLength = literalLength;
  }

  /** One piece of a parsed template. */
  private sealed interface Segment permits Literal, Placeholder {}

  private record Literal(String text) implements Segment {}

  /** A value read from the contact, with its fallback ("" when none). */
  private record Placeholder(Function<Contact, String> value, String fallback) implements Segment {}

  /**
   * Parses a template.
   *
   * @throws TemplateException naming the offending placeholder when the template is unusable
   */
  public static TemplateRenderer parse(String template) {
    if (template == null || template.isBlank()) {
      throw new TemplateException("template is empty");
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int literalLength = 0;
    int from = 0;
    while (from < template.length()) {
      int open = template.indexOf("{{", from);
      if (open < 0) {
        segments.add(new Literal(template.substring(from)));
        literalLength += template.length() - from;
        break;
      }
      if (open > from) {
        segments.add(new Literal(template.substring(from, open)));
        literalLength += open - from;
      }
      int close = template.indexOf("}}", open + 2);
      int nested = template.indexOf("{{", open + 2);
      if (close < 0 || (nested >= 0 && nested < close)) {
        throw new TemplateException(
            "unclosed placeholder at character " + (open + 1) + ": add '}}' after its name");
      }
      String inside = template.substring(open + 2, close);
      int bar = inside.indexOf('|');
      String name = (bar < 0 ? inside : inside.substring(0, bar)).strip();
      String fallback = bar < 0 ? null : inside.substring(bar + 1).strip();
      segments.add(placeholder(name, fallback));
      names.add(name);
      from = close + 2;
    }
    return new TemplateRenderer(List.copyOf(segments), List.copyOf(names), literalLength);
  }

  private static Placeholder placeholder(String name, String fallback) {
    if (name.isEmpty()) {
      throw new TemplateException("empty placeholder {{}}: name a field such as {{firstName}}");
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw new TemplateException(
          "invalid placeholder {{" + name + "}}: names use letters, digits, '_', '-' and '.'");
    }
    String orEmpty = fallback == null ? "" : fallback;
    Function<Contact, String> field = field(name);
    if (field != null) {
      return new Placeholder(field, orEmpty);
    }
    if (name.startsWith(ATTRIBUTE_PREFIX) && name.length() > ATTRIBUTE_PREFIX.length()) {
      String key = name.substring(ATTRIBUTE_PREFIX.length());
      return new Placeholder(c -> c.getAttributesOrDefault(key, ""), orEmpty);
    }
    if (fallback == null) {
      throw new TemplateException(
          "unknown placeholder {{"
              + name
              + "}}: use a contact field ("
              + String.join(", ", FIELDS)
              + "), {{attributes."
              + name
              + "}} for a contact attribute, or give a fallback: {{"
              + name
              + " | text}}");
    }
    return new Placeholder(c -> c.getAttributesOrDefault(name, ""), orEmpty);
  }

  /** The accessor of a contact field, or null when {@code name} is not one. */
  private static Function<Contact, String> field(String name) {
    return switch (name.replace("_", "").toLowerCase(Locale.ROOT)) {
      case "firstname" -> Contact::getFirstName;
      case "lastname" -> Contact::getLastName;
      case "city" -> Contact::getCity;
      case "postalcode" -> Contact::getPostalCode;
      default -> null;
    };
  }

  /** The placeholder names, in template order. */
  public List<String> placeholders() {
    return placeholders;
  }

  /** Renders the template for one contact. */
  public String render(Contact contact) {
    StringBuilder out = new StringBuilder(literalLength + 16 * placeholders.size());
    renderTo(out, contact);
    return out.toString();
  }

  /**
   * The template with every placeholder replaced by {@code value}, or by its fallback when that is
   * longer: what a message can grow to, measured before any contact is read.
   */
  public String renderEachPlaceholderAs(String value) {
    StringBuilder out = new StringBuilder(literalLength + value.length() * placeholders.size());
    for (Segment segment : segments) {
      switch (segment) {
        case Literal literal -> out.append(literal.text());
        case Placeholder p ->
            out.append(p.fallback().length() > value.length() ? p.fallback() : value);
      }
    }
    return out.toString();
  }

  /** Appends the rendering for one contact to {@code out}. */
  public void renderTo(StringBuilder out, Contact contact) {
    for (Segment segment : segments) {
      switch (segment) {
        case Literal literal -> out.append(literal.text());
        case Placeholder p -> {
          String value = p.value().apply(contact);
          out.append(value == null || value.isBlank() ? p.fallback() : value);
        }
      }
    }
  }
}
