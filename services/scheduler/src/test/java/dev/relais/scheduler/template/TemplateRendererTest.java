package dev.relais.scheduler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.Contact;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateRendererTest {

  private static final Contact MARIE =
      Contact.newBuilder()
          .setPhone("+33612345678")
          .setFirstName("Marie")
          .setLastName("Curie")
          .setCity("Paris")
          .setPostalCode("75005")
          .putAttributes("tier", "gold")
          .build();

  private static final Contact NAMELESS = Contact.newBuilder().setPhone("+33612345679").build();

  @Test
  void rendersEveryContactField() {
    TemplateRenderer t =
        TemplateRenderer.parse("{{firstName}} {{lastName}}, {{city}} ({{postalCode}})");

    assertThat(t.render(MARIE)).isEqualTo("Marie Curie, Paris (75005)");
  }

  @Test
  void textWithoutPlaceholdersIsKeptAsIs() {
    assertThat(TemplateRenderer.parse("Soldes -50% ce week-end !").render(MARIE))
        .isEqualTo("Soldes -50% ce week-end !");
  }

  @Test
  void fallbackReplacesAMissingValueAndSpacesAroundItAreIgnored() {
    TemplateRenderer t = TemplateRenderer.parse("Bonjour {{ firstName | cher client }} !");

    assertThat(t.render(MARIE)).isEqualTo("Bonjour Marie !");
    assertThat(t.render(NAMELESS)).isEqualTo("Bonjour cher client !");
  }

  @Test
  void fallbackReplacesABlankValue() {
    Contact blank = NAMELESS.toBuilder().setFirstName("   ").build();

    assertThat(TemplateRenderer.parse("Bonjour {{firstName|client}}").render(blank))
        .isEqualTo("Bonjour client");
  }

  @Test
  void knownFieldWithoutFallbackRendersEmptyWhenMissing() {
    assertThat(TemplateRenderer.parse("Bonjour {{firstName}}!").render(NAMELESS))
        .isEqualTo("Bonjour !");
  }

  @Test
  void emptyFallbackIsAllowed() {
    assertThat(TemplateRenderer.parse("[{{ city | }}]").render(NAMELESS)).isEqualTo("[]");
  }

  @Test
  void fieldNamesAcceptSnakeCaseAndAnyLetterCase() {
    TemplateRenderer t = TemplateRenderer.parse("{{first_name}}/{{FIRSTNAME}}/{{postal_code}}");

    assertThat(t.render(MARIE)).isEqualTo("Marie/Marie/75005");
  }

  @Test
  void bareAttributeNameWithFallbackReadsTheAttribute() {
    TemplateRenderer t = TemplateRenderer.parse("Niveau {{tier | standard}}");

    assertThat(t.render(MARIE)).isEqualTo("Niveau gold");
    assertThat(t.render(NAMELESS)).isEqualTo("Niveau standard");
  }

  @Test
  void explicitAttributeNeedsNoFallback() {
    TemplateRenderer t = TemplateRenderer.parse("Niveau {{attributes.tier}}.");

    assertThat(t.render(MARIE)).isEqualTo("Niveau gold.");
    assertThat(t.render(NAMELESS)).isEqualTo("Niveau .");
  }

  @Test
  void fallbackMayContainBracesAndPipesAfterTheFirst() {
    TemplateRenderer t = TemplateRenderer.parse("{{firstName | a|b}c}}!");

    assertThat(t.render(NAMELESS)).isEqualTo("a|b}c!");
  }

  @Test
  void unknownPlaceholderWithoutFallbackIsRefusedNamingIt() {
    assertThatThrownBy(() -> TemplateRenderer.parse("Bonjour {{fristName}}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("unknown placeholder {{fristName}}")
        .hasMessageContaining("firstName");
  }

  @Test
  void unclosedPlaceholderIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> TemplateRenderer.parse("Hi {{firstName"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("unclosed placeholder at character 4");
    assertThatThrownBy(() -> TemplateRenderer.parse("Hi {{firstName {{city}}"))
        .hasMessageContaining("unclosed placeholder at character 4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{{}}", "{{ }}", "{{ | x }}"})
  void emptyPlaceholderIsRefused(String template) {
    assertThatThrownBy(() -> TemplateRenderer.parse(template))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("empty placeholder");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{{first name}}", "{{1st}}", "{{prénom|x}}"})
  void malformedNamesAreRefused(String template) {
    assertThatThrownBy(() -> TemplateRenderer.parse(template))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("invalid placeholder");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyTemplateIsRefused(String template) {
    assertThatThrownBy(() -> TemplateRenderer.parse(template)).hasMessage("template is empty");
  }

  @Test
  void closingBracesAloneAreLiteral() {
    assertThat(TemplateRenderer.parse("a }} b").render(MARIE)).isEqualTo("a }} b");
  }

  @Test
  void listsPlaceholdersInOrder() {
    assertThat(
            TemplateRenderer.parse("{{city}} {{ firstName|x }} {{attributes.tier}}").placeholders())
        .containsExactly("city", "firstName", "attributes.tier");
  }

  @Test
  void renderToAppendsSoOneBufferServesAWholePage() {
    TemplateRenderer t = TemplateRenderer.parse("Bonjour {{firstName|client}}");
    StringBuilder out = new StringBuilder("> ");

    t.renderTo(out, MARIE);

    assertThat(out).hasToString("> Bonjour Marie");
  }

  private static final LinkShape SHAPE = new LinkShape("https://r.example.fr", 12);

  @Test
  void linksRenderAsStandInsOfTheShortLinksLengthAndListTheirUrls() {
    TemplateRenderer t =
        TemplateRenderer.parse(
            "{{firstName}} : {{ link }} et {{link:https://shop.example/cgv}}",
            "https://shop.example/soldes",
            () -> Optional.of(SHAPE));

    assertThat(t.links())
        .containsExactly("https://shop.example/soldes", "https://shop.example/cgv");
    assertThat(t.render(MARIE))
        .isEqualTo(
            "Marie : https://r.example.fr/___________0 et https://r.example.fr/___________1");
    assertThat(SHAPE.standIn(1))
        .hasSize(SHAPE.length())
        .hasSize("https://r.example.fr/".length() + 12);
    assertThat(t.placeholders()).containsExactly("firstName", "link", "link");
  }

  @Test
  void aLandingLinkNeedsALandingUrl() {
    assertThatThrownBy(
            () -> TemplateRenderer.parse("Soldes {{link}}", "", () -> Optional.of(SHAPE)))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "{{link}} leads to the campaign's landing URL, and the campaign declares none: set"
                + " landing_url, or name the URL: {{link:https://...}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://shop.example/a", "shop.example/a", "https://", ""})
  void aLinkMustLeadToAWebPage(String url) {
    assertThatThrownBy(() ->
            TemplateRenderer.parse(
                "Soldes {{link:" + url + "}}", "https://shop.example", () -> Optional.of(SHAPE)))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("{{link:" + url + "}}: the link's URL is");
  }

  @Test
  void withoutALinksServiceALinkIsRefusedAndTheServiceIsNotAskedForOtherTemplates() {
    assertThatThrownBy(
            () -> TemplateRenderer.parse("Soldes {{link}}", "https://shop.example", LinkShape.NONE))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "{{link}} needs the links service, and this scheduler has none (set links.address):"
                + " a message is never sent with a raw placeholder");
    assertThat(
            TemplateRenderer.parse(
                    "Bonjour {{firstName}}",
                    "",
                    () -> {
                      throw new AssertionError("asked for links without a link");
                    })
                .links())
        .isEmpty();
  }

  @Test
  void aLinkHasNoFallback() {
    assertThatThrownBy(() -> TemplateRenderer.parse("Soldes {{link | ici}}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("a link has no fallback");
  }
}
