package dev.relais.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.google.protobuf.Timestamp;
import dev.relais.analytics.AnalyticsServer;
import dev.relais.cli.CliRun;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code message show} in process against a real analytics service on the shared Cassandra. */
class ShowMessageIT {

  private static final String KEYSPACE =
      "it_cli_analytics_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String CAMPAIGN = "boulangerie/croissants";
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir static Path directory;

  private static AnalyticsServer analytics;
  private static ManagedChannel channel;
  private static CqlSession cql;

  @BeforeAll
  static void start() {
    ServiceConfig config =
        ServiceConfig.of(
            "analytics",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                KEYSPACE,
                "server.port",
                "0"));
    analytics = AnalyticsServer.start(config);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", analytics.port()).usePlaintext().build();
    cql =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "analytics"), KEYSPACE);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (analytics != null) {
      analytics.close();
    }
    if (cql != null) {
      SharedCassandra.dropQuietly(cql, KEYSPACE);
      cql.close();
    }
  }

  @Test
  void showsAMessagesLifeFromItsRecordedEvents() {
    String message = Uuids.startOf(T0.toEpochMilli()).toString();
    String suppressed = Uuids.startOf(T0.toEpochMilli() + 7).toString();
    // As dispatch reports them: the receipt's batch may arrive before the submit's.
    record(
        event(message, EventType.EVENT_TYPE_DELIVERED, 41).setSmscMessageId("SMSC-0042").build(),
        event(suppressed, EventType.EVENT_TYPE_EXPIRED, 5).setErrorCode(-3).build());
    record(
        event(message, EventType.EVENT_TYPE_SUBMITTED, 3)
            .setSmscMessageId("SMSC-0042")
            .setParts(2)
            .setVariant("b")
            .build(),
        event(message, EventType.EVENT_TYPE_IN_DOUBT, 2).build());

    CliRun run = show(message);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("Message " + message + " of campaign " + CAMPAIGN);
    assertThat(lines.subList(1, lines.size()))
        .satisfiesExactly(
            l -> assertThat(l).contains("2026-03-02T09:00:02Z", "in doubt", "sent again"),
            l ->
                assertThat(l)
                    .contains(
                        "2026-03-02T09:00:03Z",
                        "submitted",
                        "accepted by the SMSC",
                        "SMSC id SMSC-0042",
                        "route orange",
                        "2 parts",
                        "variant b"),
            l ->
                assertThat(l)
                    .contains("2026-03-02T09:00:41Z", "delivered", "delivery receipt: delivered"));

    CliRun other = show(suppressed);
    assertThat(other.exitCode()).as(other.toString()).isZero();
    assertThat(other.out()).contains("suppressed", "opted out or was erased");

    CliRun json = show(message, "--format", "json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.out())
        .contains("\"smscMessageId\": \"SMSC-0042\"", "\"type\": \"EVENT_TYPE_IN_DOUBT\"");
  }

  @Test
  void aMessageWithoutEventsIsNotFound() {
    CliRun run = show(UUID.randomUUID().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).contains("NOT_FOUND: no event recorded for message", CAMPAIGN);
  }

  private static CliRun show(String message, String... more) {
    String[] args = new String[6 + more.length];
    args[0] = "message";
    args[1] = "show";
    args[2] = message;
    args[3] = "--campaign";
    args[4] = CAMPAIGN;
    args[5] = "--analytics=127.0.0.1:" + analytics.port();
    System.arraycopy(more, 0, args, 6, more.length);
    return CliRun.run(directory, args);
  }

  private static void record(MessageEvent... events) {
    AnalyticsServiceGrpc.newBlockingStub(channel)
        .recordEvents(
            RecordEventsRequest.newBuilder()
                .addAllEvents(List.of(events))
                .setBatchId(UUID.randomUUID().toString())
                .build());
  }

  private static MessageEvent.Builder event(String message, EventType type, int second) {
    Instant at = T0.plusSeconds(second);
    return MessageEvent.newBuilder()
        .setCampaignId(CAMPAIGN)
        .setMessageId(message)
        .setType(type)
        .setRoute("orange")
        .setOccurredAt(
            Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
  }
}
