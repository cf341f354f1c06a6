package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.OptOutRequest;
import dev.relais.proto.contacts.v1.OptOutSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contacts service's {@code GET /metrics} after real imports and opt-outs. */
class ContactsMetricsIT {

  @Test
  void theScrapeCountsImportRowsByOutcomeAndOptOutsBySource() throws Exception {
    try (ContactsHarness harness = new ContactsHarness(Map.of())) {
      MetricsScrape before = MetricsScrape.of(harness.server.port());
      assertThat(before.value("relais_contacts_import_rows_total")).isZero();

      ImportReport first =
          harness.importer.importRecords(
              List.of(
                  ContactRecord.newBuilder().setPhone("+33612349001").build(),
                  ContactRecord.newBuilder().setPhone("+33612349002").build(),
                  ContactRecord.newBuilder().setPhone("06 12").build()),
              ImportOptions.newBuilder().setList("metrics").build());
      ImportReport second =
          harness.importer.importRecords(
              List.of(
                  ContactRecord.newBuilder().setPhone("+33612349002").setCity("Brest").build(),
                  ContactRecord.newBuilder().setPhone("+33612349003").build(),
                  ContactRecord.newBuilder().setPhone("+33612349004").setOptedOut(true).build()),
              ImportOptions.newBuilder().setList("metrics").build());
      harness.contacts.optOut(
          OptOutRequest.newBuilder()
              .setPhone("+33612349001")
              .setSource(OptOutSource.OPT_OUT_SOURCE_API)
              .build());
      harness.contacts.optOut( // already opted out: not counted again
          OptOutRequest.newBuilder()
              .setPhone("+33612349001")
              .setSource(OptOutSource.OPT_OUT_SOURCE_API)
              .build());
      harness.contacts.processInbound(
          InboundMessage.newBuilder().setFrom("33612349003").setText("STOP").build());

      MetricsScrape scrape = MetricsScrape.of(harness.server.port());
      assertThat(first.getImported() + second.getImported()).isEqualTo(4);
      assertThat(scrape.value("relais_contacts_import_rows_total", Map.of("outcome", "created")))
          .isEqualTo(4);
      assertThat(second.getUpdated()).isEqualTo(1);
      assertThat(scrape.value("relais_contacts_import_rows_total", Map.of("outcome", "updated")))
          .isEqualTo(1);
      assertThat(first.getRejectedByReasonMap()).containsExactly(Map.entry("invalid-number", 1L));
      assertThat(
              scrape.value(
                  "relais_contacts_import_rows_total",
                  Map.of("outcome", "rejected", "reason", "invalid-number")))
          .isEqualTo(1);
      assertThat(scrape.value("relais_contacts_optouts_total", Map.of("source", "API")))
          .isEqualTo(1);
      assertThat(scrape.value("relais_contacts_optouts_total", Map.of("source", "KEYWORD")))
          .isEqualTo(1);
      assertThat(scrape.value("relais_contacts_optouts_total", Map.of("source", "IMPORT")))
          .isEqualTo(1);
      assertThat(scrape.value("relais_contacts_optouts_total")).isEqualTo(3);
      scrape.assertNoPersonalData();
    }
  }
}
