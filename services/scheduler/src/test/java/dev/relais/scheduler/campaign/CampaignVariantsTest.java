package dev.relais.scheduler.campaign;

import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.EncodingPreview;
import dev.relais.proto.scheduler.v1.Variant;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.scheduler.routing.RouteTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A/B variants: checked as the template is, and each recipient rendered from its own. */
class CampaignVariantsTest {

  private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  private static final RouteTable ROUTES =
      RouteTable.of(List.of(RouteDefinition.validated("orange-fr", List.of("+33"), 0, 4)));
  private final CampaignValidator validator = new CampaignValidator(PolicyRegistry.standard());

  private static Variant variant(String name, int weight, String template) {
    return Variant.newBuilder().setName(name).setWeight(weight).setTemplate(template).build();
  }

  private static Campaign.Builder abTest() {
    return marketing()
        .setTemplate("Bonjour {{firstName|client}}, -20% ce week-end")
        .addVariants(variant("a", 70, "Bonjour {{firstName|client}}, -20% ce week-end"))
        .addVariants(variant("b", 30, "Ce week-end : -20% pour vous, {{firstName|client}} !"));
  }

  private static List<Contact> contacts(int count) {
    List<Contact> contacts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      contacts.add(
          Contact.newBuilder()
              .setPhone(String.format("+336%08d", 20_000_000 + i))
              .setFirstName("Client" + i)
              .setRegion("FR")
              .setMarketingConsent(true)
              .build());
    }
    return contacts;
  }

  @Test
  void eachMessageIsRenderedFromItsVariantAndNamedAfterIt() {
    CompiledCampaign campaign = validator.accept(abTest().build(), NOW);
    List<Contact> contacts = contacts(2_000);
    Map<String, Contact> byPhone =
        contacts.stream().collect(Collectors.toMap(Contact::getPhone, Function.identity()));

    PageOutcome page = new MessageComposer(campaign, ROUTES, UUID::randomUUID).compose(contacts, 0);

    assertThat(page.messages()).hasSize(2_000);
    for (OutgoingMessage m : page.messages()) {
      String name = byPhone.get(m.destination()).getFirstName();
      switch (m.variant()) {
        case "a" ->
            assertThat(m.body()).isEqualTo("Bonjour " + name + ", -20% ce week-end STOP 36111");
        case "b" ->
            assertThat(m.body())
                .isEqualTo("Ce week-end : -20% pour vous, " + name + " ! STOP 36111");
        default -> throw new AssertionError("message without a variant: " + m.variant());
      }
    }
    long a = page.messages().stream().filter(m -> m.variant().equals("a")).count();
    assertThat(a / 2_000.0).isBetween(0.66, 0.74);
    assertThat(page.tallies())
        .containsEntry(Tallies.variantQueuedKey("a"), a)
        .containsEntry(Tallies.variantQueuedKey("b"), 2_000 - a)
        .containsEntry(Tallies.variantPartsKey("a"), a)
        .containsEntry(Tallies.variantPartsKey("b"), 2_000 - a);
  }

  @Test
  void eachVariantIsChargedThePriceOfItsOwnParts() {
    CompiledCampaign campaign = validator.accept(abTest().build(), NOW);
    RouteTable priced =
        RouteTable.of(
            List.of(
                RouteDefinition.validated("orange-fr", List.of("+33"), 0, 4)
                    .withPrice(RoutePrice.parse("0.045", "EUR"))));

    PageOutcome page =
        new MessageComposer(campaign, priced, UUID::randomUUID).compose(contacts(1_000), 0);

    long a = page.messages().stream().filter(m -> m.variant().equals("a")).count();
    assertThat(Tallies.variantCosts(page.tallies(), "a"))
        .isEqualTo(Map.of("EUR", new BigDecimal("0.045000").multiply(BigDecimal.valueOf(a))));
    assertThat(Tallies.variantCosts(page.tallies(), "b"))
        .isEqualTo(
            Map.of("EUR", new BigDecimal("0.045000").multiply(BigDecimal.valueOf(1_000 - a))));
    assertThat(
            Tallies.variantCosts(page.tallies(), "a")
                .get("EUR")
                .add(Tallies.variantCosts(page.tallies(), "b").get("EUR")))
        .isEqualByComparingTo(Tallies.costs(page.tallies()).get("EUR"));
  }

  @Test
  void aPageComposedAgainGivesEveryContactTheSameVariant() {
    CompiledCampaign campaign = validator.accept(abTest().build(), NOW);
    CompiledCampaign restarted = validator.compile(abTest().build(), NOW);
    List<Contact> contacts = contacts(500);

    Map<String, String> first =
        variants(new MessageComposer(campaign, ROUTES, UUID::randomUUID).compose(contacts, 0));
    Map<String, String> again =
        variants(new MessageComposer(restarted, ROUTES, UUID::randomUUID).compose(contacts, 0));

    assertThat(again).isEqualTo(first).containsValues("a", "b");
  }

  private static Map<String, String> variants(PageOutcome page) {
    return page.messages().stream()
        .collect(Collectors.toMap(OutgoingMessage::destination, OutgoingMessage::variant));
  }

  @Test
  void withoutVariantsMessagesCarryNoVariantAndTheTemplate() {
    CompiledCampaign campaign = validator.accept(marketing().build(), NOW);
    PageOutcome page =
        new MessageComposer(campaign, ROUTES, UUID::randomUUID).compose(contacts(3), 0);
    assertThat(page.messages()).extracting(OutgoingMessage::variant).containsOnly("");
    assertThat(page.messages().get(0).body())
        .isEqualTo("Bonjour Client0, -20% ce week-end STOP 36111");
    assertThat(page.tallies().keySet()).noneMatch(k -> k.startsWith("variant-"));
  }

  @Test
  void aVariantThatIsTooLongIsRefusedByName() {
    Campaign spec =
        abTest().addVariants(variant("long", 1, "x".repeat(400))).setMaxParts(2).build();
    assertThatThrownBy(() -> validator.accept(spec, NOW))
        .hasMessageStartingWith("variant long: template: a message may take up to 3 SMS parts")
        .hasMessageContaining("more than the limit of 2");
  }

  @Test
  void aVariantWithAnUnknownPlaceholderIsRefusedByName() {
    assertThatThrownBy(() ->
            validator.compile(
                abTest().addVariants(variant("c", 1, "Hi {{nickname}}")).build(), NOW))
        .hasMessageStartingWith("variant c: template:")
        .hasMessageContaining("nickname");
  }

  @Test
  void variantNamesAndWeightsAreChecked() {
    assertThatThrownBy(
            () -> validator.compile(abTest().addVariants(variant("a", 1, "Hi")).build(), NOW))
        .hasMessage("variants: name 'a' appears twice");
    assertThatThrownBy(
            () -> validator.compile(abTest().addVariants(variant("B", 1, "Hi")).build(), NOW))
        .hasMessageContaining("name 'B' must be 1-20 characters");
    assertThatThrownBy(
            () -> validator.compile(abTest().addVariants(variant("c", 101, "Hi")).build(), NOW))
        .hasMessage("variant c: weight 101 must be between 1 and 100");
    Campaign.Builder eleven = marketing();
    for (int i = 0; i < 11; i++) {
      eleven.addVariants(variant("v" + i, 1, "Hi"));
    }
    assertThatThrownBy(() -> validator.compile(eleven.build(), NOW))
        .hasMessage("variants: at most 10 variants, not 11");
  }

  @Test
  void aWeightOfZeroReadsAsOne() {
    CompiledCampaign campaign =
        validator.compile(
            marketing()
                .addVariants(variant("a", 0, "Hi"))
                .addVariants(variant("b", 0, "Yo"))
                .build(),
            NOW);
    assertThat(campaign.variants()).extracting(CampaignVariant::weight).containsExactly(1, 1);
  }

  @Test
  void eachVariantHasItsOwnEncodingPreviewAndTheCampaignShowsTheCostliest() {
    CompiledCampaign campaign =
        validator.compile(
            abTest().addVariants(variant("accents", 10, "L’été à {{city|Besançon}}")).build(), NOW);

    EncodingPreview a = CampaignPreview.encoding(campaign, campaign.variants().get(0));
    EncodingPreview accents = CampaignPreview.encoding(campaign, campaign.variants().get(2));

    assertThat(a.getEncoding()).isEqualTo("GSM-7");
    assertThat(a.getUcs2CharactersList()).isEmpty();
    assertThat(accents.getEncoding()).isEqualTo("UCS-2");
    assertThat(accents.getUcs2CharactersList())
        .extracting(c -> c.getCharacter() + "@" + c.getColumn())
        .containsExactly("’@2", "ç@21");
    // The template is not sent: the campaign's preview is that of the variant taking most parts.
    assertThat(CampaignPreview.encoding(campaign).getEncoding()).isEqualTo("GSM-7");
    CompiledCampaign longAccents =
        validator.compile(
            abTest().addVariants(variant("accents", 10, "L’été " + "x".repeat(70))).build(), NOW);
    assertThat(CampaignPreview.encoding(longAccents).getEncoding()).isEqualTo("UCS-2");
    assertThat(CampaignPreview.encoding(longAccents).getParts()).isEqualTo(2);
  }
}
