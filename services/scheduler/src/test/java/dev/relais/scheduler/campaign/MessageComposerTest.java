package dev.relais.scheduler.campaign;

import static dev.relais.common.time.ProtoTime.timestamp;
import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static dev.relais.scheduler.campaign.Campaigns.transactional;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.MarketingSend;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.FrequencyCap;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.audience.VelocityLimiter;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.scheduler.routing.RouteTable;
import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageComposerTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** A Tuesday morning in Paris. */
  private static final Instant TUESDAY_10H = paris("2026-11-24T10:00");

  private static final RouteTable ROUTES =
      RouteTable.of(List.of(RouteDefinition.validated("orange-fr", List.of("+33"), 0, 4)));

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }

  private static Contact contact(int n) {
    return Contact.newBuilder()
        .setPhone(String.format("+336%08d", n))
        .setFirstName("Client" + n)
        .setRegion("FR")
        .setMarketingConsent(true)
        .build();
  }

  private static PageOutcome compose(Campaign.Builder spec, List<Contact> contacts, long before) {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard()).compile(spec.build(), TUESDAY_10H);
    return new MessageComposer(campaign, ROUTES, UUID::randomUUID).compose(contacts, before);
  }

  @Test
  void marketingMessageIsRenderedWithTheStopMentionAndScheduled() {
    PageOutcome page = compose(marketing(), List.of(contact(1)), 0);

    assertThat(page.messages()).hasSize(1);
    OutgoingMessage m = page.messages().get(0);
    assertThat(m.body()).isEqualTo("Bonjour Client1, -20% ce week-end STOP 36111");
    assertThat(m.destination()).isEqualTo("+33600000001");
    assertThat(m.route()).isEqualTo("orange-fr");
    assertThat(m.sender()).isEqualTo("BOUTIQUE");
    assertThat(m.campaignId()).isEqualTo("shop/black-friday");
    assertThat(m.marketing()).isTrue();
    assertThat(m.parts()).isEqualTo(1);
    assertThat(m.notBefore()).isEqualTo(TUESDAY_10H);
    // Valid until the window closes at 20:00, before the deadline (start + 24 h).
    assertThat(m.expiresAt()).isEqualTo(paris("2026-11-24T20:00"));
    assertThat(page.parts()).isEqualTo(1);
    assertThat(page.suppressed()).isEmpty();
  }

  @Test
  void stopMentionCountsTowardParts() {
    String text149 = "x".repeat(149);
    PageOutcome page = compose(marketing().setTemplate(text149), List.of(contact(1)), 0);

    // 149 + space + "STOP 36111" = 160 septets: one part; one more character makes two.
    assertThat(page.messages().get(0).parts()).isEqualTo(1);
    PageOutcome longer = compose(marketing().setTemplate(text149 + "y"), List.of(contact(1)), 0);
    assertThat(longer.messages().get(0).parts()).isEqualTo(2);
    assertThat(longer.parts()).isEqualTo(2);
  }

  /**
   * The parts queued (and priced) for a text are the parts dispatch sends: both count with
   * sms-rules' SmsParts.
   */
  @ParameterizedTest
  @MethodSource("dev.relais.sms.text.SmsPartsExamples#texts")
  void queuedPartsAreThePartsDispatchSends(String text, int parts) {
    PageOutcome page = compose(transactional().setTemplate(text), List.of(contact(1)), 0);

    OutgoingMessage m = page.messages().get(0);
    assertThat(m.body()).isEqualTo(text);
    assertThat(m.parts()).isEqualTo(parts).isEqualTo(SmsParts.of(text).parts());
  }

  @Test
  void stopMentionFollowsATrailingNewlineDirectly() {
    PageOutcome page = compose(marketing().setTemplate("Promo!\n"), List.of(contact(1)), 0);

    assertThat(page.messages().get(0).body()).isEqualTo("Promo!\nSTOP 36111");
  }

  @Test
  void contactsLeftOutAreCountedByReason() {
    List<Contact> contacts =
        List.of(
            contact(1),
            contact(2).toBuilder().setMarketingConsent(false).build(),
            contact(3).toBuilder().setOptedOut(true).build(),
            contact(4).toBuilder().setPhone("0612").build(),
            contact(5).toBuilder().setPhone("+447700900123").setRegion("GB").build(),
            contact(6).toBuilder().setMarketingConsent(false).build(),
            contact(7));

    PageOutcome page = compose(marketing(), contacts, 0);

    assertThat(page.contacts()).isEqualTo(7);
    assertThat(page.messages())
        .extracting(OutgoingMessage::destination)
        .containsExactly("+33600000001", "+33600000007");
    assertThat(page.suppressed())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "no-consent",
                2L,
                "opted-out",
                1L,
                "invalid-number",
                1L,
                "country-not-allowed",
                1L));
  }

  @Test
  void aDestinationAllowedButWithoutRouteIsCountedAsNoRoute() {
    Contact british = contact(5).toBuilder().setPhone("+447700900123").setRegion("GB").build();

    PageOutcome page = compose(marketing().addAllowedCountries("GB"), List.of(british), 0);

    assertThat(page.messages()).isEmpty();
    assertThat(page.suppressed()).containsExactlyEntriesOf(Map.of("no-route", 1L));
  }

  @Test
  void contactsAtTheFrequencyCapAreSkipped() {
    Timestamp lastWeek = timestamp(TUESDAY_10H.minusSeconds(7 * 86_400));
    Contact threeSends =
        contact(1).toBuilder()
            .addMarketingSends(lastWeek)
            .addMarketingSends(lastWeek)
            .addMarketingSends(lastWeek)
            .build();
    Contact fourSends =
        threeSends.toBuilder().setPhone("+33600000002").addMarketingSends(lastWeek).build();

    PageOutcome page = compose(marketing(), List.of(threeSends, fourSends), 0);
    PageOutcome capOfThree =
        compose(
            marketing().setFrequencyCap(FrequencyCap.newBuilder().setMaxMessages(3)),
            List.of(threeSends),
            0);
    PageOutcome transactional = compose(transactional(), List.of(fourSends), 0);

    assertThat(page.messages())
        .extracting(OutgoingMessage::destination)
        .containsExactly("+33600000001");
    assertThat(page.suppressed()).containsExactlyEntriesOf(Map.of("capped", 1L));
    assertThat(capOfThree.suppressed()).containsExactlyEntriesOf(Map.of("capped", 1L));
    assertThat(transactional.messages()).hasSize(1);
  }

  @Test
  void aPageExpandedAgainDoesNotCapItsOwnRecipients() {
    // Three other campaigns last week, and this campaign's own send recorded by an attempt at the
    // page that failed before its progress was saved: the retry still sends to the contact.
    Timestamp lastWeek = timestamp(TUESDAY_10H.minusSeconds(7 * 86_400));
    Timestamp recorded = timestamp(TUESDAY_10H.minusSeconds(60));
    Contact.Builder withSends = contact(1).toBuilder();
    for (String other : List.of("shop/a", "shop/b", "shop/c")) {
      withSends
          .addMarketingSends(lastWeek)
          .addRecentMarketing(MarketingSend.newBuilder().setCampaignId(other).setSentAt(lastWeek));
    }
    Contact retried =
        withSends
            .addMarketingSends(recorded)
            .addRecentMarketing(
                MarketingSend.newBuilder().setCampaignId("shop/black-friday").setSentAt(recorded))
            .build();

    PageOutcome page = compose(marketing(), List.of(retried), 0);
    PageOutcome otherCampaign =
        compose(marketing().setId("shop/cyber-monday"), List.of(retried), 0);

    assertThat(page.messages()).hasSize(1);
    assertThat(otherCampaign.suppressed()).containsExactlyEntriesOf(Map.of("capped", 1L));
  }

  @Test
  void messagesMovedByTheWindowAreTalliedAsHeld() {
    Instant saturdayEvening = paris("2026-11-28T19:57:59");
    Campaign.Builder spec =
        marketing()
            .setStartAt(timestamp(saturdayEvening))
            .setDeadline(timestamp(paris("2026-12-01T20:00")))
            .setMaxRate(1);

    PageOutcome page = compose(spec, List.of(contact(1), contact(2), contact(3)), 0);

    assertThat(page.messages())
        .extracting(OutgoingMessage::notBefore)
        .containsExactly(saturdayEvening, paris("2026-11-30T08:00"), paris("2026-11-30T08:00"));
    // The last two minutes of a window are left to dispatch's lag: 19:58:00 waits for Monday.
    assertThat(page.tallies()).containsEntry(Tallies.HELD_FOR_WINDOW, 2L);
    assertThat(page.messages().get(0).expiresAt()).isEqualTo(paris("2026-11-28T20:00"));
    assertThat(page.messages().get(1).expiresAt()).isEqualTo(paris("2026-11-30T20:00"));
  }

  @Test
  void queuedPartsArePricedAtTheirRoute() {
    RouteTable priced =
        RouteTable.of(
            List.of(
                RouteDefinition.validated("orange-fr", List.of("+33"), 0, 4)
                    .withPrice(RoutePrice.parse("0.045", "EUR"))));
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard())
            .compile(marketing().setTemplate("x".repeat(200)).build(), TUESDAY_10H);

    PageOutcome page =
        new MessageComposer(campaign, priced, UUID::randomUUID)
            .compose(List.of(contact(1), contact(2)), 0);

    assertThat(page.parts()).isEqualTo(4);
    assertThat(page.tallies())
        .containsEntry(Tallies.PRICED_PARTS, 4L)
        .containsEntry(Tallies.costKey("EUR"), 180_000L);
    assertThat(compose(marketing(), List.of(contact(1)), 0).tallies())
        .containsEntry(Tallies.UNPRICED_PARTS, 1L);
  }

  @Test
  void aBurstIntoOneNumberBlockHitsTheVelocityLimit() {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard()).compile(marketing().build(), TUESDAY_10H);
    MessageComposer composer =
        new MessageComposer(
            campaign, ROUTES, UUID::randomUUID, new VelocityLimiter(4, 2, Duration.ofHours(1)));

    PageOutcome page = composer.compose(List.of(contact(1), contact(2), contact(3)), 0);

    assertThat(page.messages()).hasSize(2);
    assertThat(page.suppressed()).containsExactlyEntriesOf(Map.of("velocity-limit", 1L));
  }

  @Test
  void transactionalIgnoresConsentAndOptOutAndAddsNoStopMention() {
    Contact optedOut = contact(1).toBuilder().setMarketingConsent(false).setOptedOut(true).build();

    PageOutcome page = compose(transactional(), List.of(optedOut), 0);

    assertThat(page.messages()).hasSize(1);
    assertThat(page.messages().get(0).body()).isEqualTo("Votre colis arrive demain, Client1.");
    assertThat(page.messages().get(0).marketing()).isFalse();
  }

  @Test
  void pacingCountsOnlyQueuedMessagesAndContinuesFromEarlierPages() {
    List<Contact> contacts =
        List.of(contact(1), contact(2).toBuilder().setMarketingConsent(false).build(), contact(3));

    PageOutcome page =
        compose(marketing().setStartAt(timestamp(TUESDAY_10H)).setMaxRate(10), contacts, 1000);

    assertThat(page.messages())
        .extracting(OutgoingMessage::notBefore)
        .containsExactly(TUESDAY_10H.plusSeconds(100), TUESDAY_10H.plusMillis(100_100));
  }

  @Test
  void quietHoursDeferToTheNextWindow() {
    Instant sunday = paris("2026-11-29T11:00");

    PageOutcome page = compose(marketing().setStartAt(timestamp(sunday)), List.of(contact(1)), 0);

    assertThat(page.messages().get(0).notBefore()).isEqualTo(paris("2026-11-30T08:00"));
    assertThat(page.messages().get(0).expiresAt()).isEqualTo(sunday.plusSeconds(24 * 3600));
  }

  @Test
  void messagesThatCouldOnlyLeaveAfterTheDeadlineAreSuppressed() {
    Instant saturdayEvening = paris("2026-11-28T21:00");
    Campaign.Builder spec =
        marketing()
            .setStartAt(timestamp(saturdayEvening))
            .setDeadline(timestamp(paris("2026-11-30T08:00")));

    PageOutcome page = compose(spec, List.of(contact(1), contact(2)), 0);

    assertThat(page.messages()).isEmpty();
    assertThat(page.suppressed()).containsExactlyEntriesOf(Map.of("outside-window", 2L));
  }

  @Test
  void pacingPastTheDeadlineSuppressesTheTail() {
    Campaign.Builder spec =
        marketing()
            .setStartAt(timestamp(TUESDAY_10H))
            .setDeadline(timestamp(TUESDAY_10H.plusSeconds(2)))
            .setMaxRate(1);

    PageOutcome page = compose(spec, List.of(contact(1), contact(2), contact(3)), 0);

    assertThat(page.messages()).hasSize(2);
    assertThat(page.suppressed()).containsExactlyEntriesOf(Map.of("outside-window", 1L));
  }

  @Test
  void recipientZoneComesFromTheNumber() {
    RouteTable everywhere =
        RouteTable.of(List.of(RouteDefinition.validated("world", List.of(), 0, 1)));
    // 05:30 in Paris is 08:30 in Réunion (UTC+4): a Réunion number may receive it already.
    Instant early = paris("2026-11-24T05:30");
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard())
            .compile(marketing().setStartAt(timestamp(early)).build(), early);
    Contact reunion = contact(1).toBuilder().setPhone("+262692123456").setRegion("RE").build();
    Contact parisian = contact(2);

    PageOutcome page =
        new MessageComposer(campaign, everywhere, UUID::randomUUID)
            .compose(List.of(reunion, parisian), 0);

    assertThat(page.messages().get(0).notBefore()).isEqualTo(early);
    assertThat(page.messages().get(1).notBefore()).isEqualTo(paris("2026-11-24T08:00"));
  }

  @Test
  void everyMessageGetsItsOwnId() {
    PageOutcome page = compose(marketing(), List.of(contact(1), contact(2), contact(3)), 0);

    assertThat(page.messages()).extracting(OutgoingMessage::messageId).doesNotHaveDuplicates();
  }

  /** 146 characters with the STOP mention: one part in GSM-7, three in UCS-2. */
  private static final String PROMOTION =
      "{{firstName|Bonjour}} : les soldes commencent demain, -30% sur toute la collection d’hiver"
          + " en magasin et sur le site jusqu'à dimanche. Code SOLDES30.";

  private static Contact named(int n, String firstName) {
    return contact(n).toBuilder().setFirstName(firstName).build();
  }

  @Test
  void withoutTransliterationATypographicApostropheOrAContactsNameMakesMessagesUcs2() {
    PageOutcome page =
        compose(
            marketing().setTemplate("Bonjour {{firstName}}, -20% ce week-end"),
            List.of(named(1, "François"), named(2, "Paul")),
            0);

    assertThat(page.messages())
        .extracting(m -> SmsEncoding.of(m.body()))
        .containsExactly(SmsEncoding.UCS_2, SmsEncoding.GSM_7);
    assertThat(page.tallies())
        .containsEntry(Tallies.UCS2_MESSAGES, 1L)
        .containsEntry(Tallies.UCS2_PARTS, 1L);

    PageOutcome promotion = compose(marketing().setTemplate(PROMOTION), List.of(contact(3)), 0);
    assertThat(promotion.messages().get(0).body()).contains("d’hiver").hasSize(146);
    assertThat(promotion.messages().get(0).parts()).isEqualTo(3);
    assertThat(promotion.tallies()).containsEntry(Tallies.UCS2_PARTS, 3L);
  }

  @Test
  void withTransliterationEveryBodyIsQueuedInGsm7AndCountedAsSuch() {
    PageOutcome page =
        compose(
            marketing().setTemplate(PROMOTION).setTransliterate(true),
            List.of(named(1, "François"), named(2, "Noël"), named(3, "Zoé")),
            0);

    assertThat(page.messages())
        .extracting(OutgoingMessage::body)
        .allSatisfy(body -> assertThat(SmsEncoding.of(body)).isEqualTo(SmsEncoding.GSM_7))
        .extracting(body -> body.substring(0, body.indexOf(' ')))
        .containsExactly("Francois", "Noel", "Zoé");
    assertThat(page.messages().get(0).body())
        .contains("collection d'hiver")
        .endsWith("Code SOLDES30. STOP 36111");
    assertThat(page.messages()).extracting(OutgoingMessage::parts).containsOnly(1);
    assertThat(page.parts()).isEqualTo(3);
    assertThat(page.tallies()).doesNotContainKeys(Tallies.UCS2_MESSAGES, Tallies.UCS2_PARTS);
  }

  @Test
  void anEmojiKeepsATransliteratedMessageUcs2() {
    PageOutcome page =
        compose(
            marketing().setTemplate("C’est parti 🎉 {{firstName}}").setTransliterate(true),
            List.of(contact(1)),
            0);

    assertThat(page.messages().get(0).body()).startsWith("C'est parti 🎉");
    assertThat(page.tallies()).containsEntry(Tallies.UCS2_MESSAGES, 1L);
  }
}
