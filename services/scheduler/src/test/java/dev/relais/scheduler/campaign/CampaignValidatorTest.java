package dev.relais.scheduler.campaign;

import static dev.relais.common.time.ProtoTime.timestamp;
import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static dev.relais.scheduler.campaign.Campaigns.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.sms.address.SenderIdRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CampaignValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  private final CampaignValidator validator = new CampaignValidator(PolicyRegistry.standard());

  private CompiledCampaign compile(Campaign.Builder spec) {
    return validator.compile(spec.build(), NOW);
  }

  @Test
  void unsetStartIsAcceptanceAndUnsetDeadlineIs24HoursLater() {
    CompiledCampaign c = compile(marketing());

    assertThat(c.start()).isEqualTo(NOW);
    assertThat(c.deadline()).isEqualTo(NOW.plus(Duration.ofHours(24)));
    assertThat(c.marketing()).isTrue();
    assertThat(c.policy().name()).isEqualTo("fr-marketing");
    assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(c.audience().getList()).isEqualTo("newsletter");
  }

  @Test
  void theCampaignsTimeZoneIsTheZoneOfRecipientsWhoseOwnIsUnknown() {
    assertThat(compile(marketing().setDefaultRegion("RE")).zone())
        .isEqualTo(ZoneId.of("Indian/Reunion"));
    assertThat(compile(marketing().setDefaultRegion("RE").setTimeZone("America/Cayenne")).zone())
        .isEqualTo(ZoneId.of("America/Cayenne"));
    assertThatThrownBy(() -> compile(marketing().setTimeZone("Europe/Lutece")))
        .hasMessageContaining("time_zone 'Europe/Lutece' is not an IANA time zone");
  }

  @Test
  void explicitScheduleIsKept() {
    Instant start = NOW.plus(Duration.ofDays(2));
    CompiledCampaign c =
        compile(
            marketing()
                .setStartAt(timestamp(start))
                .setDeadline(timestamp(start.plus(Duration.ofHours(3))))
                .setMaxRate(50)
                .addAudienceTags("vip"));

    assertThat(c.start()).isEqualTo(start);
    assertThat(c.deadline()).isEqualTo(start.plus(Duration.ofHours(3)));
    assertThat(c.maxRate()).isEqualTo(50);
    assertThat(c.audience().getTagsList()).containsExactly("vip");
  }

  @Test
  void transactionalNeedsNoStopMention() {
    CompiledCampaign c = compile(transactional());

    assertThat(c.marketing()).isFalse();
    assertThat(c.policy().name()).isEqualTo("transactional");
  }

  @Test
  void templateErrorsNameThePlaceholder() {
    assertThatThrownBy(() -> compile(marketing().setTemplate("Hi {{nickname}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("template: unknown placeholder {{nickname}}");
  }

  @Test
  void unknownPolicyIsRefused() {
    assertThatThrownBy(() -> compile(marketing().setPolicy("quiet-sundays")))
        .hasMessageContaining("unknown compliance policy 'quiet-sundays'");
  }

  @Test
  void marketingNeedsAStopMention() {
    assertThatThrownBy(
            () -> compile(marketing().setSender(Sender.newBuilder().setValue("BOUTIQUE"))))
        .hasMessageStartingWith("sender.stop_mention is required")
        .hasMessageContaining("STOP mention");
  }

  @Test
  void typeIsRequired() {
    assertThatThrownBy(() -> compile(marketing().setType(CampaignType.CAMPAIGN_TYPE_UNSPECIFIED)))
        .hasMessage("type must be marketing or transactional");
  }

  @Test
  void deadlineMustFollowTheStart() {
    assertThatThrownBy(() ->
            compile(
                marketing().setStartAt(timestamp(NOW)).setDeadline(timestamp(NOW.minusSeconds(1)))))
        .hasMessageContaining("must be after the start");
  }

  @Test
  void audienceListIsRequired() {
    assertThatThrownBy(() -> compile(marketing().clearAudienceList()))
        .hasMessageContaining("audience_list");
  }

  @Test
  void negativeRateAndBadRegionAreRefused() {
    assertThatThrownBy(() -> compile(marketing().setMaxRate(-1))).hasMessageContaining("max_rate");
    assertThatThrownBy(() -> compile(marketing().setDefaultRegion("FRA")))
        .hasMessageContaining("default_region 'FRA'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BOUTIQUE", "Shop 24", "36111", "+33987654321", "33700"})
  void acceptsUsualSenders(String sender) {
    assertThat(compile(transactional().setSender(Sender.newBuilder().setValue(sender))).sender())
        .isEqualTo(sender);
  }

  @ParameterizedTest
  // The SenderId resource's rules (sms-rules' SenderIdRules): no punctuation, no national numbers.
  @ValueSource(
      strings = {"", "TWELVECHARSX", "12ab!", "Shop😀", "O'Sushi", "0712345678", "33612345678"})
  void refusesMalformedSenders(String sender) {
    assertThatThrownBy(
            () -> compile(transactional().setSender(Sender.newBuilder().setValue(sender))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sender");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+33612345678",
        "+33712345678",
        "+33 6 12 34 56 78",
        "+590690123456",
        "+596696123456",
        "+594694201234",
        "+262692123456",
        "+262639012345"
      })
  void refusesPersonalMobileNumbersOfFranceAndOverseasAsSenders(String sender) {
    assertThatThrownBy(
            () -> compile(transactional().setSender(Sender.newBuilder().setValue(sender))))
        .hasMessageStartingWith("sender.value is refused: " + SenderIdRules.FRENCH_MOBILE_MESSAGE);
  }

  @Test
  void aRefusedSenderIsExplainedByTheRuleItBreaks() {
    assertThatThrownBy(
            () -> compile(transactional().setSender(Sender.newBuilder().setValue("Shop&Co 123"))))
        .hasMessage(
            "sender.value is refused: '&' cannot appear in an alphanumeric sender, which may hold"
                + " only letters A to Z without accents, digits and spaces");
    assertThatThrownBy(
            () -> compile(transactional().setSender(Sender.newBuilder().setValue("0159000000"))))
        .hasMessage("sender.value is refused: " + SenderIdRules.NATIONAL_NUMBER_MESSAGE);
  }

  @Test
  void marketingFromAnAlphanumericSenderNeedsTheNumberToSendStopTo() {
    assertThatThrownBy(() ->
            compile(
                marketing()
                    .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP"))))
        .hasMessage(
            "sender.stop_mention: an alphanumeric sender cannot receive replies, so its STOP"
                + " mention must give the number to send STOP to, e.g. 'STOP au 36111'");
    assertThat(
            compile(
                    marketing()
                        .setSender(
                            Sender.newBuilder()
                                .setValue("BOUTIQUE")
                                .setStopMention("STOP au 36111")))
                .stopMention())
        .isEqualTo("STOP au 36111");
    // A short code receives the reply itself; a transactional campaign carries no mention.
    assertThat(
            compile(
                    marketing()
                        .setSender(Sender.newBuilder().setValue("36111").setStopMention("STOP")))
                .stopMention())
        .isEqualTo("STOP");
    assertThat(
            compile(
                    transactional()
                        .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP")))
                .sender())
        .isEqualTo("BOUTIQUE");
  }

  @Test
  void regionWithoutSingleZoneFallsBackToParis() {
    assertThat(compile(marketing().setDefaultRegion("US")).zone())
        .isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(compile(marketing().setDefaultRegion("BE")).zone())
        .isEqualTo(ZoneId.of("Europe/Brussels"));
  }
}
