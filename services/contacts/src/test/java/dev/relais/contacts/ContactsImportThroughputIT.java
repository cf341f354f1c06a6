package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.contacts.client.ContactsImporter;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import io.grpc.Channel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures a realistic 100,000-row import end to end (client file → gRPC → CSV parsing → Cassandra)
 * and the audience scan that follows. Prints the rates; asserts only what a user would check in the
 * report, since timings depend on the machine.
 */
class ContactsImportThroughputIT {

  private static final int ROWS = Integer.getInteger("contacts.bench.rows", 100_000);

  @TempDir Path files;

  @Test
  void importsAHundredThousandRowsAndScansThemBack() throws IOException {
    String keyspace = "it_contacts_bench_" + UUID.randomUUID().toString().substring(0, 8);
    ServiceConfig config =
        ServiceConfig.of(
            "contacts",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                keyspace,
                "server.port",
                "0",
                "privacy.key",
                "it-privacy-key"));
    Path csv = generate(files.resolve("contacts.csv"), ROWS);
    try (ContactsServer server = ContactsServer.start(config);
        Telemetry telemetry = Telemetry.create("contacts-bench", null, 1.0);
        CqlSession admin =
            CassandraConnector.connect(
                CassandraConnector.Settings.from(config, "contacts"), null)) {
      try {
        Channel channel = GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry);
        ContactsImporter importer = new ContactsImporter(channel, Duration.ofMinutes(10));
        ImportOptions options =
            ImportOptions.newBuilder()
                .setDefaultRegion("FR")
                .setList("bench")
                .setConsentSource("web-form")
                .setConsentWording("J'accepte de recevoir des offres par SMS.")
                .build();

        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        ImportReport first = importer.importCsv(csv, options);
        double firstSeconds = (System.nanoTime() - started) / 1e9;
        double firstCpu = (processCpuNanos() - cpuStarted) / 1e9;
        assertThat(first.getRows()).isEqualTo(ROWS);
        assertThat(first.getImported()).isEqualTo(ROWS);
        assertThat(first.getRejected()).isZero();

        started = System.nanoTime();
        ImportReport again = importer.importCsv(csv, options);
        double againSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(again.getImported()).isZero();
        assertThat(again.getUpdated()).isEqualTo(ROWS);

        started = System.nanoTime();
        ContactsServiceGrpc.ContactsServiceBlockingStub stub =
            ContactsServiceGrpc.newBlockingStub(channel);
        long scanned = 0;
        String token = "";
        do {
          ListAudienceResponse page =
              stub.listAudience(
                  ListAudienceRequest.newBuilder()
                      .setFilter(AudienceFilter.newBuilder().setList("bench"))
                      .setPageSize(5000)
                      .setPageToken(token)
                      .build());
          scanned += page.getContactsCount();
          token = page.getNextPageToken();
        } while (!token.isEmpty());
        double scanSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(scanned).isEqualTo(ROWS);

        System.out.printf(
            "%nCONTACTS BENCH (%d rows, %.1f MB CSV, load average %.1f on %d cores): first import"
                + " %.1f s (%.0f rows/s, %.1f s CPU in the client+service JVM), re-import %.1f s"
                + " (%.0f rows/s), audience scan %.1f s (%.0f contacts/s)%n",
            ROWS,
            Files.size(csv) / 1e6,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            Runtime.getRuntime().availableProcessors(),
            firstSeconds,
            ROWS / firstSeconds,
            firstCpu,
            againSeconds,
            ROWS / againSeconds,
            scanSeconds,
            ROWS / scanSeconds);
      } finally {
        SharedCassandra.dropQuietly(admin, keyspace);
      }
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /** A CRM-like export: semicolons, French headers, mixed number formats, consent evidence. */
  private static Path generate(Path file, int rows) throws IOException {
    String[] cities = {"Paris", "Lyon", "Marseille", "Nîmes", "Lille", "Nantes", "Brest"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("\uFEFFtéléphone;prénom;nom;ville;code_postal;tags;optin;date_optin;fidélité\r\n");
      for (int i = 0; i < rows; i++) {
        String digits = String.format("6%08d", i);
        String phone =
            switch (i % 4) {
              case 0 ->
                  "0"
                      + digits.charAt(0)
                      + " "
                      + digits.substring(1, 3)
                      + " "
                      + digits.substring(3, 5)
                      + " "
                      + digits.substring(5, 7)
                      + " "
                      + digits.substring(7);
              case 1 -> "+33" + digits;
              case 2 -> "0033" + digits;
              default -> "0" + digits;
            };
        out.write(phone);
        out.write(";Prénom" + i + ";Nom" + i + ";" + cities[i % cities.length] + ";");
        out.write(String.format("%05d", 1000 + i % 95000));
        out.write(i % 3 == 0 ? ";vip|newsletter" : ";newsletter");
        out.write(i % 5 == 0 ? ";non;" : ";oui;2024-0" + (1 + i % 9) + "-15");
        out.write(";" + (i % 2 == 0 ? "gold" : "silver") + "\r\n");
      }
    }
    return file;
  }
}
