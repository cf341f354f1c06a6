package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.EstimateSegmentRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.proto.contacts.v1.SegmentEstimate;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterRequest;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Segment filters over ListAudience paging and EstimateSegment, against a real Cassandra. */
class SegmentAudienceIT {

  private static final String VIP_BUYERS_OF_LYON =
      "city = \"Lyon\" and tags has \"vip\" and lastPurchase >= now-90d"
          + " and not (lifecycle = \"churned\")";

  private static ContactsHarness harness;
  private static final Set<String> everyone = new HashSet<>();
  private static final Set<String> vipBuyersOfLyon = new HashSet<>();

  @BeforeAll
  static void importContacts() throws Exception {
    // A small row budget, so that selective pages really come back short.
    harness = new ContactsHarness(Map.of("audience.rows", "40"));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    StringBuilder csv = new StringBuilder("phone;ville;tags;last purchase;lifecycle\n");
    for (int i = 0; i < 400; i++) {
      String phone = String.format("+3362200%04d", i);
      String city = i % 2 == 0 ? "Lyon" : "Paris";
      boolean vip = i % 3 == 0;
      LocalDate purchase = today.minusDays(i % 5 == 0 ? 200 : 10);
      boolean churned = i % 7 == 0;
      csv.append(phone)
          .append(';')
          .append(city)
          .append(';')
          .append(vip ? "vip|promo" : "promo")
          .append(';')
          .append(purchase)
          .append(';')
          .append(churned ? "churned" : "active")
          .append('\n');
      everyone.add(phone);
      if (city.equals("Lyon") && vip && i % 5 != 0 && !churned) {
        vipBuyersOfLyon.add(phone);
      }
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile("segment", ".csv");
    java.nio.file.Files.writeString(file, csv, StandardCharsets.UTF_8);
    ImportReport report =
        harness.importer.importCsv(file, ImportOptions.newBuilder().setList("segments").build());
    java.nio.file.Files.delete(file);
    assertThat(report.getImported()).isEqualTo(400);
    // Outside the list: never part of its segments.
    harness.importer.importCsv(
        java.nio.file.Files.writeString(
            java.nio.file.Files.createTempFile("other", ".csv"),
            "phone;ville;tags\n+33622999001;Lyon;vip\n"),
        ImportOptions.newBuilder().setList("other").build());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void filteredPagesReturnEachSelectedContactOnceWithShortPagesAlongTheWay() {
    assertThat(vipBuyersOfLyon).hasSizeBetween(20, 60);
    List<Contact> found = new ArrayList<>();
    String token = "";
    int shortPagesBeforeTheEnd = 0;
    do {
      ListAudienceResponse page =
          harness.contacts.listAudience(
              ListAudienceRequest.newBuilder()
                  .setFilter(AudienceFilter.newBuilder().setList("segments"))
                  .setSegmentFilter(VIP_BUYERS_OF_LYON)
                  .setPageSize(10)
                  .setPageToken(token)
                  .build());
      assertThat(page.getContactsCount()).isLessThanOrEqualTo(10);
      assertThat(page.getNextPageToken()).isNotEqualTo(token);
      if (page.getContactsCount() < 10 && !page.getNextPageToken().isEmpty()) {
        shortPagesBeforeTheEnd++;
      }
      found.addAll(page.getContactsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());

    assertThat(found).extracting(Contact::getPhone).doesNotHaveDuplicates();
    assertThat(found)
        .extracting(Contact::getPhone)
        .containsExactlyInAnyOrderElementsOf(vipBuyersOfLyon);
    assertThat(shortPagesBeforeTheEnd).isPositive();
  }

  @Test
  void aBadFilterIsRefusedWithItsPosition() {
    assertThatThrownBy(() ->
            harness.contacts.listAudience(
                ListAudienceRequest.newBuilder()
                    .setSegmentFilter("city = and tags has \"vip\"")
                    .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("segment_filter: expected a value after '=', found 'and' at column 8");
            });
    assertThatThrownBy(() ->
            harness.contacts.estimateSegment(
                EstimateSegmentRequest.newBuilder().setFilter("tags = \"vip\"").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("at column 6"));
  }

  @Test
  void aTokenOnlyContinuesTheSegmentItWasIssuedFor() {
    ListAudienceResponse first =
        harness.contacts.listAudience(
            ListAudienceRequest.newBuilder()
                .setFilter(AudienceFilter.newBuilder().setList("segments"))
                .setSegmentFilter("city = \"Lyon\"")
                .setPageSize(5)
                .build());
    assertThat(first.getNextPageToken()).isNotEmpty();
    assertThatThrownBy(() ->
            harness.contacts.listAudience(
                ListAudienceRequest.newBuilder()
                    .setFilter(AudienceFilter.newBuilder().setList("segments"))
                    .setSegmentFilter("city = \"Paris\"")
                    .setPageToken(first.getNextPageToken())
                    .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void estimateIsExactForASmallListAndExtrapolatedFromASample() {
    SegmentEstimate exact =
        harness.contacts.estimateSegment(
            EstimateSegmentRequest.newBuilder()
                .setList("segments")
                .setFilter(VIP_BUYERS_OF_LYON)
                .build());
    assertThat(exact.getExact()).isTrue();
    assertThat(exact.getEstimatedSize()).isEqualTo(vipBuyersOfLyon.size());
    assertThat(exact.getMatched()).isEqualTo(vipBuyersOfLyon.size());
    assertThat(exact.getScanned()).isEqualTo(everyone.size());
    assertThat(exact.getPartitionsScanned()).isEqualTo(64);
    assertThat(exact.getCanonicalFilter()).contains("attr.lastPurchase >= now-90d");

    SegmentEstimate sampled =
        harness.contacts.estimateSegment(
            EstimateSegmentRequest.newBuilder()
                .setList("segments")
                .setFilter("city = \"Lyon\"")
                .setSample(100)
                .build());
    assertThat(sampled.getExact()).isFalse();
    assertThat(sampled.getScanned()).isBetween(100L, 399L);
    assertThat(sampled.getEstimatedSize())
        .isEqualTo(Math.round(sampled.getMatched() * 64.0 / sampled.getPartitionsScanned()));
    // Half the list lives in Lyon: a sample of a quarter of it lands near 200.
    assertThat(sampled.getEstimatedSize()).isBetween(100L, 300L);

    SegmentEstimate wholeTable =
        harness.contacts.estimateSegment(
            EstimateSegmentRequest.newBuilder().setFilter("city = \"Lyon\"").build());
    assertThat(wholeTable.getEstimatedSize()).isEqualTo(201);
  }

  @Test
  void estimateCountsOnlyContactsCarryingEveryTagAsTheAudienceDoes() {
    // A campaign's audience.tags: 134 of the list's 400 are vip (every third), plus the one
    // vip contact of another list when no list is named.
    SegmentEstimate vip =
        harness.contacts.estimateSegment(
            EstimateSegmentRequest.newBuilder().setList("segments").addTags(" VIP ").build());
    assertThat(vip.getExact()).isTrue();
    assertThat(vip.getEstimatedSize()).isEqualTo(134);
    SegmentEstimate vipOfLyon =
        harness.contacts.estimateSegment(
            EstimateSegmentRequest.newBuilder()
                .setList("segments")
                .addTags("vip")
                .addTags("promo")
                .setFilter("city = \"Lyon\"")
                .build());
    assertThat(vipOfLyon.getEstimatedSize()).isEqualTo(67);
    assertThat(
            harness
                .contacts
                .estimateSegment(EstimateSegmentRequest.newBuilder().addTags("vip").build())
                .getEstimatedSize())
        .isEqualTo(135);
  }

  @Test
  void validationAnswersWithoutReadingContacts() {
    ValidateSegmentFilterResponse ok =
        harness.contacts.validateSegmentFilter(
            ValidateSegmentFilterRequest.newBuilder()
                .setFilter("VILLE = 'Lyon' AND inactive for 6M")
                .build());
    assertThat(ok.getValid()).isTrue();
    assertThat(ok.getCanonicalFilter()).isEqualTo("city = \"Lyon\" and inactive for 6M");

    ValidateSegmentFilterResponse bad =
        harness.contacts.validateSegmentFilter(
            ValidateSegmentFilterRequest.newBuilder().setFilter("city = \"Lyon").build());
    assertThat(bad.getValid()).isFalse();
    assertThat(bad.getErrorColumn()).isEqualTo(8);
    assertThat(bad.getError()).isEqualTo("string started here is never closed at column 8");
  }

  @Test
  void aReplyMakesTheSenderActiveAgain() {
    String phone = "+33622000001";
    String inactive = "phone = \"" + phone + "\" and inactive for 30d";
    assertThat(audience(inactive)).hasSize(1);

    harness.contacts.processInbound(
        InboundMessage.newBuilder().setFrom(phone).setText("Merci !").build());

    assertThat(audience(inactive)).isEmpty();
    List<Contact> active = audience("phone = \"" + phone + "\" and lastInteraction >= now-1h");
    assertThat(active).hasSize(1);
    assertThat(Instant.ofEpochSecond(active.get(0).getLastInteractionAt().getSeconds()))
        .isAfter(Instant.now().minus(Duration.ofMinutes(5)));
  }

  private static List<Contact> audience(String segment) {
    List<Contact> found = new ArrayList<>();
    String token = "";
    do {
      ListAudienceResponse page =
          harness.contacts.listAudience(
              ListAudienceRequest.newBuilder()
                  .setFilter(AudienceFilter.newBuilder().setList("segments"))
                  .setSegmentFilter(segment)
                  .setPageSize(500)
                  .setPageToken(token)
                  .build());
      found.addAll(page.getContactsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return found;
  }
}
