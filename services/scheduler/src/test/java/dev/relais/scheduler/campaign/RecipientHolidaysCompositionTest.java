package dev.relais.scheduler.campaign;

import static dev.relais.common.time.ProtoTime.timestamp;
import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RouteTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A marketing campaign expanded on a regional holiday holds the messages of the recipients whose
 * holiday it is until their next open day, and sends the others' at once: the region comes from the
 * contact's number (overseas) or postal code (Alsace-Moselle), as ListAudience gives them.
 */
class RecipientHolidaysCompositionTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static final RouteTable ROUTES =
      RouteTable.of(
          List.of(
              RouteDefinition.validated(
                  "france", List.of("+33", "+262", "+590", "+594", "+596"), 0, 4)));

  @Test
  void goodFridayHoldsAlsaceMoselleContactsOnly() {
    Instant goodFriday = at("2027-03-26T10:00", PARIS);
    Map<String, OutgoingMessage> byPhone =
        compose(
            goodFriday,
            contact("+33600000001", "FR", "67000"), // Strasbourg
            contact("+33600000002", "FR", "57000"), // Metz
            contact("+33600000003", "FR", "69003"), // Lyon
            contact("+33600000004", "FR", ""));

    assertThat(byPhone.get("+33600000001").notBefore()).isEqualTo(at("2027-03-27T08:00", PARIS));
    assertThat(byPhone.get("+33600000002").notBefore()).isEqualTo(at("2027-03-27T08:00", PARIS));
    assertThat(byPhone.get("+33600000003").notBefore()).isEqualTo(goodFriday);
    assertThat(byPhone.get("+33600000004").notBefore()).isEqualTo(goodFriday);
  }

  @Test
  void laReunionsAbolitionDayHoldsReunionContactsOnly() {
    ZoneId reunion = ZoneId.of("Indian/Reunion");
    // Monday 20 December 2027, 12:00 in La Réunion is 09:00 in Paris.
    Instant holiday = at("2027-12-20T12:00", reunion);
    Map<String, OutgoingMessage> byPhone =
        compose(
            holiday,
            contact("+262692000001", "RE", ""),
            contact("+262639000002", "YT", ""),
            contact("+590690000003", "GP", ""),
            contact("+33600000004", "FR", ""));

    assertThat(byPhone.get("+262692000001").notBefore()).isEqualTo(at("2027-12-21T08:00", reunion));
    assertThat(byPhone.get("+262639000002").notBefore()).isEqualTo(holiday);
    assertThat(byPhone.get("+590690000003").notBefore())
        .isEqualTo(at("2027-12-20T08:00", ZoneId.of("America/Guadeloupe")));
    assertThat(byPhone.get("+33600000004").notBefore()).isEqualTo(holiday);
  }

  private static Map<String, OutgoingMessage> compose(Instant start, Contact... contacts) {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard())
            .compile(
                marketing()
                    .setStartAt(timestamp(start))
                    .setDeadline(timestamp(start.plus(Duration.ofDays(7))))
                    .addAllAllowedCountries(List.of("FR", "RE", "YT", "GP", "MQ", "GF"))
                    .build(),
                start);
    PageOutcome page =
        new MessageComposer(campaign, ROUTES, UUID::randomUUID).compose(List.of(contacts), 0);
    assertThat(page.suppressed()).isEmpty();
    return page.messages().stream()
        .collect(Collectors.toMap(OutgoingMessage::destination, Function.identity()));
  }

  private static Contact contact(String phone, String region, String postalCode) {
    return Contact.newBuilder()
        .setPhone(phone)
        .setRegion(region)
        .setPostalCode(postalCode)
        .setFirstName("Client")
        .setMarketingConsent(true)
        .build();
  }

  private static Instant at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }
}
