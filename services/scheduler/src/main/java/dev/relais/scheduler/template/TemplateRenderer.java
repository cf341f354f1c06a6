package dev.relais.scheduler.template;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.sms.link.LinkTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A campaign template parsed once and rendered per contact: {@code {{firstName}}} or {@code {{
 * firstName | client }}} (the fallback replaces an empty or missing value).
 *
 * <p>Placeholders name a contact field ({@code firstName}, {@code lastName}, {@code city}, {@code
 * postalCode}; snake_case and any letter case also work) or a contact attribute. A bare attribute
 * name needs a fallback, because the scheduler cannot know at acceptance time whether every contact
 * carries it; {@code {{attributes.tier}}} names an attribute explicitly and renders empty when
 * missing. Anything else is refused when the campaign is accepted, never discovered mid-send.
 *
 * <p>{@code {{link}}} (the campaign's landing URL) and {@code {{link:https://...}}} (a URL of its
 * own) are tracked links: each recipient's message carries its own short link to the URL. The
 * template renders them as {@link LinkShape#standIn stand-ins} of the short link's length, replaced
 * by the recipient's link just before the message is queued; {@link #links()} lists their URLs.
 */
public final class TemplateRenderer {

  /** The contact fields a placeholder may name without a fallback. */
  public static final List<String> FIELDS = List.of("firstName", "lastName", "city", "postalCode");

  private static final String ATTRIBUTE_PREFIX = "attributes.";

  /** The placeholder of a link to the campaign's landing URL. */
  public static final String LINK = "link";

  private static final String LINK_PREFIX = LINK + ":";

  private final List<Segment> segments;
  private final List<String> placeholders;
  private final List<String> links;
  private final int literalLength;

  private TemplateRenderer(
      List<Segment> segments, List<String> placeholders, List<String> links, int literalLength) {
    this.segments = segments;
    this.placeholders = placeholders;
    this.links = links;
    this.literalLength = literalLength;
  }

  /** One piece of a parsed template. */
  private sealed interface Segment permits Literal, Placeholder {}

  /** Literal text, or a link's stand-in, which renders as literal text. */
  private record Literal(String text) implements Segment {}

  /** A value read from the contact, with its fallback ("" when none). */
  private record Placeholder(Function<Contact, String> value, String fallback) implements Segment {}

  /**
   * Parses a template without link placeholders.
   *
   * @throws TemplateException naming the offending placeholder when the template is unusable
   */
  public static TemplateRenderer parse(String template) {
    return parse(template, "", LinkShape.NONE);
  }

  /**
   * Parses a template whose link placeholders, if any, lead to {@code landingUrl} ({@code
   * {{link}}}) or to their own URL, as short links of the shape {@code linkShape} gives (asked only
   * when the template has a link; empty when there is no links service, which refuses the
   * template).
   *
   * @param landingUrl the campaign's landing URL, "" when it declares none
   * @throws TemplateException naming the offending placeholder when the template is unusable
   */
  public static TemplateRenderer parse(
      String template, String landingUrl, Supplier<Optional<LinkShape>> linkShape) {
    if (template == null || template.isBlank()) {
      throw new TemplateException("template is empty");
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> links = new ArrayList<>();
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
      String target = linkTarget(inside.strip(), landingUrl);
      if (target != null) {
        String standIn = shape(linkShape, inside.strip()).standIn(links.size());
        segments.add(new Literal(standIn));
        literalLength += standIn.length();
        links.add(target);
        names.add(LINK);
        from = close + 2;
        continue;
      }
      int bar = inside.indexOf('|');
      String name = (bar < 0 ? inside : inside.substring(0, bar)).strip();
      String fallback = bar < 0 ? null : inside.substring(bar + 1).strip();
      segments.add(placeholder(name, fallback));
      names.add(name);
      from = close + 2;
    }
    return new TemplateRenderer(
        List.copyOf(segments), List.copyOf(names), List.copyOf(links), literalLength);
  }

  /**
   * The URL a link placeholder leads to, or null when {@code inside} is no link placeholder.
   *
   * @throws TemplateException when it is one that cannot be created
   */
  private static String linkTarget(String inside, String landingUrl) {
    if (inside.equals(LINK)) {
      if (landingUrl.isBlank()) {
        throw new TemplateException(
            "{{link}} leads to the campaign's landing URL, and the campaign declares none: set"
                + " landing_url, or name the URL: {{link:https://...}}");
      }
      return landingUrl.strip();
    }
    if (inside.startsWith(LINK_PREFIX)) {
      String url = inside.substring(LINK_PREFIX.length()).strip();
      Optional<String> problem = LinkTargets.problem(url);
      if (problem.isPresent()) {
        throw new TemplateException(
            "{{" + inside + "}}: the link's URL " + problem.get() + " (e.g. {{link:https://...}})");
      }
      return url;
    }
    if (inside.startsWith(LINK) && inside.substring(LINK.length()).strip().startsWith("|")) {
      throw new TemplateException(
          "{{"
              + inside
              + "}}: a link has no fallback; for a contact attribute named link write"
              + " {{attributes.link}}");
    }
    return null;
  }

  private static LinkShape shape(Supplier<Optional<LinkShape>> linkShape, String inside) {
    return linkShape
        .get()
        .orElseThrow(() ->
            new TemplateException(
                "{{"
                    + inside
                    + "}} needs the links service, and this scheduler has none (set"
                    + " links.address): a message is never sent with a raw placeholder"));
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

  /** The URLs of the template's links, in template order (the stand-in of link i is i). */
  public List<String> links() {
    return links;
  }

  /** The placeholder names, in template order ({@value #LINK} for each link). */
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
