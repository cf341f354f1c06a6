package dev.relais.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.relais.cli.CliRun;
import dev.relais.cli.ServiceUnderTest;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.scheduler.campaign.PageMessageIds;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code message show} in process against a real analytics service on the shared Cassandra. */
class ShowMessageIT {

  private static final String CAMPAIGN = "boulangerie/croissants";
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir static Path directory;

  private static ServiceUnderTest analytics;

  @BeforeAll
  static void start() {
    analytics = ServiceUnderTest.analytics();
  }

  @AfterAll
  static void stop() throws Exception {
    if (analytics != null) {
      analytics.close();
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
            // The id's time: when its page was composed for the queue.
            l -> assertThat(l).contains("2026-03-02T09:00:00Z", "queued", "dispatch queue"),
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
  void aQueuedMessageShowsWhenItWasQueuedBeforeItsSubmission() {
    // As the scheduler names the messages of a page composed at 09:00:01.250.
    UUID pageKey = PageMessageIds.newKey(T0.plusMillis(1_250));
    String message = PageMessageIds.of(pageKey).idFor("+33612345678").toString();
    record(event(message, EventType.EVENT_TYPE_SUBMITTED, 4).setSmscMessageId("SMSC-7").build());

    CliRun run = show(message);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines().skip(1))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith("  2026-03-02T09:00:01.250Z")
                    .contains("queued", "composed into a page for the dispatch queue"),
            l -> assertThat(l).contains("2026-03-02T09:00:04Z", "submitted", "SMSC id SMSC-7"));
    assertThat(run.out()).doesNotContain("+33612345678");

    CliRun json = show(message, "--format", "json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.out().indexOf("EVENT_TYPE_QUEUED"))
        .isNotNegative()
        .isLessThan(json.out().indexOf("EVENT_TYPE_SUBMITTED"));
    assertThat(json.out()).contains("\"2026-03-02T09:00:01.250Z\"");
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
    args[5] = "--analytics=" + analytics.address();
    System.arraycopy(more, 0, args, 6, more.length);
    return CliRun.run(directory, args);
  }

  private static void record(MessageEvent... events) {
    AnalyticsServiceGrpc.newBlockingStub(analytics.channel())
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
        .setOccurredAt(ProtoTime.timestamp(at));
  }
}
