package dev.relais.dispatch.optout;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.dispatch.MessageTracing;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import dev.relais.proto.contacts.v1.OptOutEntry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OptOutRefresherTest {

  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final OptOutRefresher.Settings SETTINGS =
      new OptOutRefresher.Settings(Duration.ofDays(15), Duration.ofSeconds(1), 100);

  /**
   * Contacts over a list in the order recorded (its log, position n = the n-th entry), paged by 2:
   * by time for a first load, by log position after it.
   */
  private final List<OptOutEntry> recorded = new CopyOnWriteArrayList<>();

  private final List<ListOptOutsRequest> requests = new ArrayList<>();
  private Instant readAt = NOW;
  private boolean down;

  private ListOptOutsResponse list(ListOptOutsRequest request) {
    requests.add(request);
    if (down) {
      throw new IllegalStateException("UNAVAILABLE");
    }
    if (request.hasAfterPosition()) {
      int from = (int) request.getAfterPosition();
      int to = Math.min(recorded.size(), from + 2);
      return ListOptOutsResponse.newBuilder()
          .addAllEntries(recorded.subList(from, to))
          .setLogPosition(to)
          .setNextPageToken(to < recorded.size() ? "more" : "")
          .build();
    }
    Instant since = instant(request.getSince());
    List<OptOutEntry> matching =
        recorded.stream().filter(e -> !instant(e.getAt()).isBefore(since)).toList();
    int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int to = Math.min(matching.size(), from + 2);
    return ListOptOutsResponse.newBuilder()
        .addAllEntries(matching.subList(from, to))
        .setNextPageToken(to < matching.size() ? Integer.toString(to) : "")
        .setReadAt(timestamp(readAt))
        .setLogPosition(recorded.size())
        .build();
  }

  private final OptOutRegistry registry = new OptOutRegistry(100);
  private final List<String> errors = new ArrayList<>();
  private final OptOutRefresher refresher =
      new OptOutRefresher(
          this::list, registry, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC), errors::add);

  @Test
  void firstLoadReadsTheWholeWindowAcrossPages() {
    record("+33600000001", NOW.minus(Duration.ofDays(14)));
    record("+33600000002", NOW.minus(Duration.ofDays(3)));
    record("+33600000003", NOW.minusSeconds(5));

    refresher.refresh();

    assertThat(refresher.loaded()).isTrue();
    assertThat(instant(requests.get(0).getSince())).isEqualTo(NOW.minus(Duration.ofDays(15)));
    assertThat(requests).hasSize(2);
    assertThat(registry.contains("+33600000001")).isTrue();
    assertThat(registry.contains("+33600000002")).isTrue();
    assertThat(registry.contains("+33600000003")).isTrue();
  }

  @Test
  void laterPollsReadTheLogAfterTheLastPositionWhateverTheClocksSay() {
    record("+33600000001", NOW.minusSeconds(60));
    refresher.refresh();

    // Contacts' clock stepped back 5 minutes, then forward a day: the log still has them in order.
    record("+33600000002", NOW.minus(Duration.ofMinutes(5)));
    record("+33600000003", NOW.plus(Duration.ofDays(1)));
    record("+33600000004", NOW.minus(Duration.ofMinutes(5)));
    refresher.refresh();

    assertThat(requests.get(1).getAfterPosition()).isEqualTo(1);
    assertThat(requests.get(2).getAfterPosition()).isEqualTo(3);
    assertThat(registry.contains("+33600000002")).isTrue();
    assertThat(registry.contains("+33600000003")).isTrue();
    assertThat(registry.contains("+33600000004")).isTrue();

    refresher.refresh();
    assertThat(requests.get(3).getAfterPosition()).isEqualTo(4);
  }

  @Test
  void aLiftingInTheLogStopsSuppressingUntilTheNextOptOut() {
    record("+33600000001", NOW.minusSeconds(60));
    record("+33600000002", NOW.minusSeconds(50));
    refresher.refresh();

    recordLifted("+33600000001", NOW.minusSeconds(10));
    refresher.refresh();
    assertThat(registry.contains("+33600000001")).isFalse();
    assertThat(registry.contains("+33600000002")).isTrue();

    // Opted out again, then lifted and opted out within one read: the order of the log decides.
    record("+33600000001", NOW.minusSeconds(5));
    recordLifted("+33600000002", NOW.minusSeconds(4));
    record("+33600000002", NOW.minusSeconds(3));
    refresher.refresh();
    assertThat(registry.contains("+33600000001")).isTrue();
    assertThat(registry.contains("+33600000002")).isTrue();
  }

  @Test
  void theFirstLoadAppliesTheLiftingsOfTheWindow() {
    record("+33600000001", NOW.minus(Duration.ofDays(3)));
    recordLifted("+33600000001", NOW.minus(Duration.ofDays(1)));
    record("+33600000002", NOW.minus(Duration.ofDays(2)));

    refresher.refresh();

    assertThat(registry.contains("+33600000001")).isFalse();
    assertThat(registry.contains("+33600000002")).isTrue();
  }

  @Test
  void aFailedPollKeepsTheKnownSetAndThePosition() {
    record("+33600000001", NOW.minusSeconds(60));
    refresher.refresh();
    down = true;
    assertThatThrownBy(refresher::refresh).isInstanceOf(IllegalStateException.class);
    assertThat(registry.contains("+33600000001")).isTrue();

    down = false;
    record("+33600000002", NOW.plusSeconds(5));
    refresher.refresh();
    assertThat(requests.get(2).getAfterPosition()).isEqualTo(1);
    assertThat(registry.contains("+33600000002")).isTrue();
  }

  @Test
  void theAgeOfTheOptOutSetGrowsWhileTheFeedFailsAndRestartsWhenItIsRead() {
    SteppedClock clock = new SteppedClock(NOW);
    OptOutRefresher stepped =
        new OptOutRefresher(this::list, registry, SETTINGS, clock, errors::add);
    down = true;
    clock.now = NOW.plusSeconds(30);
    assertThatThrownBy(stepped::refresh).isInstanceOf(IllegalStateException.class);
    assertThat(stepped.secondsSinceRead()).as("never read").isEqualTo(30);

    down = false;
    stepped.refresh();
    assertThat(stepped.secondsSinceRead()).isZero();

    down = true;
    clock.now = NOW.plusSeconds(30 + 600);
    assertThatThrownBy(stepped::refresh).isInstanceOf(IllegalStateException.class);
    assertThat(stepped.secondsSinceRead()).isEqualTo(600);

    down = false;
    clock.now = NOW.plusSeconds(30 + 601);
    stepped.refresh();
    assertThat(stepped.secondsSinceRead()).isZero();
  }

  /** A clock that stays where the test puts it. */
  private static final class SteppedClock extends Clock {
    private Instant now;

    SteppedClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void startsWhenContactsIsDownAndLoadsOnceItAnswers() throws Exception {
    down = true;
    record("+33600000001", NOW.minusSeconds(60));
    refresher.start();
    try {
      assertThat(refresher.loaded()).isFalse();
      assertThat(errors).hasSize(1).allSatisfy(e -> assertThat(e).contains("not loaded"));
      down = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!refresher.loaded() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(refresher.loaded()).isTrue();
      assertThat(registry.contains("+33600000001")).isTrue();
    } finally {
      refresher.close();
    }
  }

  @Test
  void saysWhenTheRegistryIsTooSmallForTheWindow() {
    OptOutRegistry small = new OptOutRegistry(2);
    OptOutRefresher tooSmall =
        new OptOutRefresher(
            this::list, small, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC), errors::add);
    for (int i = 1; i <= 3; i++) {
      record("+3360000000" + i, NOW.minusSeconds(60 - i));
    }
    tooSmall.start();
    tooSmall.close();

    assertThat(small.contains("+33600000001")).isFalse();
    assertThat(small.contains("+33600000003")).isTrue();
    assertThat(errors).singleElement().asString().contains("dispatch.optoutcapacity");
  }

  @Test
  void optOutsReadFromTheLogAreAppliedInTheirTraceButTheFirstLoadAddsNoSpan() {
    String before = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    String stop = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    String api = "00-5cf92f3577b34da6a3ce929d0e0e4736-11f067aa0ba902b7-01";
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (SdkTracerProvider tracers =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
      OptOutRefresher traced =
          new OptOutRefresher(
              this::list,
              registry,
              SETTINGS,
              Clock.fixed(NOW, ZoneOffset.UTC),
              errors::add,
              new MessageTracing(tracers.get("test"), "fr-main"));
      recordTraced("+33600000001", NOW.minusSeconds(60), before);
      traced.refresh();
      assertThat(spans.getFinishedSpanItems()).isEmpty();

      // Suppressed at once by the dispatcher that received the STOP, then read from the log.
      registry.add("+33600000002", NOW);
      recordTraced("+33600000002", NOW, stop);
      recordTraced("+33600000003", NOW, api);
      record("+33600000004", NOW);
      traced.refresh();

      assertThat(spans.getFinishedSpanItems())
          .extracting(
              span -> span.getName(),
              span -> TraceParent.of(span.getParentSpanContext()),
              span -> span.getAttributes().get(MessageTracing.ALREADY_SUPPRESSED),
              span -> span.getAttributes().get(MessageTracing.ROUTE))
          .containsExactly(
              tuple("apply opt-out", stop, true, "fr-main"),
              tuple("apply opt-out", api, false, "fr-main"));
      assertThat(registry.contains("+33600000004")).isTrue();
    }
  }

  private void recordTraced(String phone, Instant at, String traceparent) {
    recorded.add(entry(phone, at).toBuilder().setTraceparent(traceparent).build());
  }

  private void record(String phone, Instant at) {
    recorded.add(entry(phone, at));
  }

  private void recordLifted(String phone, Instant at) {
    recorded.add(entry(phone, at).toBuilder().setLifted(true).build());
  }

  private static OptOutEntry entry(String phone, Instant at) {
    return OptOutEntry.newBuilder().setPhone(phone).setAt(timestamp(at)).build();
  }
}
