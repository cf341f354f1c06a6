package dev.relais.contacts.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.Contact;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evaluation of each operator of the segment language against contacts, at a fixed time. */
class SegmentFilterTest {

  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private static final Contact ZOE =
      Contact.newBuilder()
          .setPhone("+33612345601")
          .setFirstName("Zoé")
          .setLastName("Martin")
          .setCity("Nîmes")
          .setPostalCode("30000")
          .setRegion("FR")
          .addTags("sud")
          .addTags("vip")
          .addLists("clients-2024")
          .addLists("newsletter")
          .putAttributes("Fidélité", "gold")
          .putAttributes("last_purchase", "2026-05-01")
          .putAttributes("lifecycle", "active")
          .putAttributes("score", "12,5")
          .putAttributes("premium", "oui")
          .setMarketingConsent(true)
          .setConsentAt(at("2024-03-01T00:00:00Z"))
          .setLastInteractionAt(at("2026-04-01T00:00:00Z"))
          .build();

  private static final Contact BARE =
      Contact.newBuilder().setPhone("+33612345602").setCity("Lyon").build();

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // equality: case, accents and blanks do not matter
        "city = \"Nîmes\"                              | true  | false",
        "city = 'nimes '                               | true  | false",
        "city == \"NIMES\"                             | true  | false",
        "city = \"Lyon\"                               | false | true",
        "city != \"Lyon\"                              | true  | false",
        "city <> \"Lyon\"                              | true  | false",
        "firstName = \"zoe\"                           | true  | false",
        "lastName != \"Martin\"                        | false | true",
        "phone = \"+33612345601\"                      | true  | false",
        "region = \"fr\"                               | true  | false",
        // sets
        "postalCode in (\"30000\", \"69001\")          | true  | false",
        "postalCode not in (\"30000\", \"69001\")      | false | true",
        "city in (\"Lyon\", \"Paris\")                 | false | true",
        "postalCode startsWith \"30\"                  | true  | false",
        "postalCode startsWith \"69\"                  | false | false",
        "tags has \"VIP\"                              | true  | false",
        "tags has \"gold\"                             | false | false",
        "tags has any (\"gold\", \"sud\")              | true  | false",
        "tags has all (\"vip\", \"sud\")               | true  | false",
        "tags has all (\"vip\", \"nord\")              | false | false",
        "tags has (\"nord\", \"vip\")                  | true  | false",
        "lists has \"newsletter\"                      | true  | false",
        "not tags has \"vip\"                          | false | true",
        // presence
        "tags exists                                   | true  | false",
        "postalCode exists                             | true  | false",
        "attr.lifecycle exists                         | true  | false",
        "consentAt exists                              | true  | false",
        // booleans
        "consent = true                                | true  | false",
        "consent = false                               | false | true",
        "optedOut != true                              | true  | true",
        // custom attributes: any spelling of the name, typed by the literal
        "attr.\"Fidélité\" = \"GOLD\"                  | true  | false",
        "attr.fidelite = \"gold\"                      | true  | false",
        "fidelite in (\"gold\", \"silver\")            | true  | false",
        "lifecycle != \"churned\"                      | true  | true",
        "not (lifecycle = \"churned\")                 | true  | true",
        "attr.score >= 12                              | true  | false",
        "attr.score < 12.5                             | false | false",
        "attr.score > -1                               | true  | false",
        "attr.lifecycle > 3                            | false | false",
        "attr.premium = true                           | true  | false",
        "lastPurchase >= now-90d                       | true  | false",
        "lastPurchase >= now-30d                       | false | false",
        "last_purchase < 2026-05-02                    | true  | false",
        "lastPurchase = 2026-05-01                     | true  | false",
        // dates: absolute and relative to the fixed clock
        "consentAt >= 2024-01-01                       | true  | false",
        "consentAt < 2024-03-01T00:00:01Z              | true  | false",
        "consentAt <= 2024-02-29T23:59:59              | false | false",
        "lastInteraction >= now-3M                     | true  | false",
        "lastInteraction >= now-2M                     | false | false",
        "lastInteraction > now-11w                     | true  | false",
        "lastInteraction < now-1y                      | false | false",
        "lastInteraction < now+1d                      | true  | false",
        "lastInteraction < now-24h                     | true  | false",
        "lastInteraction < now                         | true  | false",
        // inactivity: last interaction or consent, none at all is inactive
        "inactive for 90d                              | false | true",
        "inactive for 60d                              | true  | true",
        // boolean structure and precedence
        "city = \"Lyon\" or tags has \"vip\"           | true  | true",
        "city = \"Lyon\" or tags has \"vip\" and consent = true | true | true",
        "(city = \"Lyon\" or tags has \"vip\") and consent = true | true | false",
        "not not city = \"Lyon\"                       | false | true",
        "NOT (city = \"Lyon\" AND consent = false)     | true  | false",
        "''                                            | true  | true",
      })
  void evaluatesEachOperator(String filter, boolean zoe, boolean bare) {
    SegmentFilter parsed = SegmentFilter.parse(filter);
    assertThat(parsed.matches(ZOE, NOW)).as("Zoé").isEqualTo(zoe);
    assertThat(parsed.matches(BARE, NOW)).as("bare contact").isEqualTo(bare);
    // The canonical form is a fixed point and selects the same contacts.
    SegmentFilter again = SegmentFilter.parse(parsed.canonical());
    assertThat(again.canonical()).isEqualTo(parsed.canonical());
    assertThat(again.matches(ZOE, NOW)).isEqualTo(zoe);
    assertThat(again.matches(BARE, NOW)).isEqualTo(bare);
  }

  @Test
  void theIssueExampleSelectsRecentVipBuyersOfLyon() {
    SegmentFilter filter =
        SegmentFilter.parse(
            "city = \"Lyon\" and tags has \"vip\" and postalCode in (\"69001\",\"69002\") and"
                + " lastPurchase >= now-90d and not (lifecycle = \"churned\")");
    Contact lyon =
        Contact.newBuilder()
            .setCity("Lyon")
            .setPostalCode("69002")
            .addTags("vip")
            .putAttributes("lastPurchase", "2026-04-10")
            .putAttributes("lifecycle", "loyal")
            .build();

    assertThat(filter.matches(lyon, NOW)).isTrue();
    assertThat(filter.matches(lyon.toBuilder().putAttributes("lifecycle", "Churned").build(), NOW))
        .isFalse();
    assertThat(
            filter.matches(
                lyon.toBuilder().putAttributes("lastPurchase", "2026-01-10").build(), NOW))
        .isFalse();
    // Ninety days later the same purchase is too old: relative dates follow the clock.
    assertThat(filter.matches(lyon, NOW.plusSeconds(90L * 86400))).isFalse();
    assertThat(filter.canonical())
        .isEqualTo(
            "city = \"Lyon\" and tags has \"vip\" and postalCode in (\"69001\", \"69002\") and"
                + " attr.lastPurchase >= now-90d and not attr.lifecycle = \"churned\"");
  }

  @Test
  void monthsAreCalendarMonths() {
    Contact endOfFebruary =
        Contact.newBuilder().setLastInteractionAt(at("2026-02-28T00:00:00Z")).build();
    Instant endOfMarch = Instant.parse("2026-03-31T00:00:00Z");
    // 2026-03-31 minus one month is 2026-02-28 (clamped), not 31 days before.
    assertThat(SegmentFilter.parse("lastInteraction >= now-1M").matches(endOfFebruary, endOfMarch))
        .isTrue();
    assertThat(SegmentFilter.parse("lastInteraction > now-1M").matches(endOfFebruary, endOfMarch))
        .isFalse();
  }

  @Test
  void consentCountsAsAnInteraction() {
    Contact consentedLastWeek =
        Contact.newBuilder().setConsentAt(at("2026-06-08T00:00:00Z")).build();
    assertThat(SegmentFilter.parse("inactive for 30d").matches(consentedLastWeek, NOW)).isFalse();
    assertThat(SegmentFilter.parse("inactive for 1d").matches(consentedLastWeek, NOW)).isTrue();
  }

  @Test
  void blankFiltersSelectEveryone() {
    assertThat(SegmentFilter.parse(null).selectsEveryone()).isTrue();
    assertThat(SegmentFilter.parse("  \n").selectsEveryone()).isTrue();
    assertThat(SegmentFilter.parse("city = \"x\"").selectsEveryone()).isFalse();
  }

  private static Timestamp at(String instant) {
    Instant i = Instant.parse(instant);
    return ProtoTime.timestamp(i);
  }
}
