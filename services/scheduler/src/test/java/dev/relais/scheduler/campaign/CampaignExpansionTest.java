package dev.relais.scheduler.campaign;

import static dev.relais.scheduler.campaign.Campaigns.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RouteTable;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CampaignExpansionTest {

  private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  private static final int PAGE = 10;

  /** An audience of {@code size} contacts, paged by offset; counts reads in flight. */
  private static final class Audience implements AudienceSource {
    final int size;
    final List<String> tokensRead = new CopyOnWriteArrayList<>();
    final AtomicInteger failAt = new AtomicInteger(-1);

    Audience(int size) {
      this.size = size;
    }

    @Override
    public CompletableFuture<ListAudienceResponse> page(
        CompiledCampaign campaign, String token, int pageSize) {
      tokensRead.add(token);
      int from = token.isEmpty() ? 0 : Integer.parseInt(token);
      if (from == failAt.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("contacts down"));
      }
      int to = Math.min(size, from + pageSize);
      ListAudienceResponse.Builder page = ListAudienceResponse.newBuilder();
      for (int i = from; i < to; i++) {
        page.addContacts(Contact.newBuilder().setPhone(String.format("+336%08d", i)));
      }
      return CompletableFuture.completedFuture(
          page.setNextPageToken(to < size ? Integer.toString(to) : "").build());
    }
  }

  /**
   * A queue that records every write and makes it durable at once; its rows are keyed as the real
   * queue's: by message id and due time (the later of notBefore and the write's floor).
   */
  private static class Queue implements CampaignExpansion.MessageSink {
    final List<List<OutgoingMessage>> writes = new ArrayList<>();
    final Map<String, OutgoingMessage> rows = new LinkedHashMap<>();
    final List<String> events;

    Queue(List<String> events) {
      this.events = events;
    }

    static String position(OutgoingMessage m, Instant floor) {
      return m.messageId() + "@" + (m.notBefore().isAfter(floor) ? m.notBefore() : floor);
    }

    @Override
    public CompletionStage<Void> enqueue(List<OutgoingMessage> messages, Instant floor) {
      writes.add(messages);
      messages.forEach(m -> rows.put(position(m, floor), m));
      events.add("write " + messages.size());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Set<UUID>> queuedAt(List<OutgoingMessage> messages, Instant floor) {
      return CompletableFuture.completedFuture(
          messages.stream()
              .filter(m -> rows.containsKey(position(m, floor)))
              .map(OutgoingMessage::messageId)
              .collect(Collectors.toSet()));
    }
  }

  private final List<String> events = new ArrayList<>();

  /** Moves a second per reading, as time passes between a crash and the restart. */
  private final InstantSource clock =
      new InstantSource() {
        private final AtomicInteger ticks = new AtomicInteger();

        @Override
        public Instant instant() {
          return NOW.plusSeconds(ticks.incrementAndGet());
        }
      };

  private final List<CampaignProgress> saved = new ArrayList<>();

  private CampaignExpansion expansion(Audience audience, Queue queue, boolean stopAfterEachPage) {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard()).compile(transactional().build(), NOW);
    MessageComposer composer =
        new MessageComposer(
            campaign,
            RouteTable.of(List.of(RouteDefinition.validated("fr", List.of("+33"), 0, 1))),
            UUID::randomUUID);
    return new CampaignExpansion(
        campaign,
        composer,
        audience,
        PAGE,
        queue,
        progress -> {
          events.add("save " + progress.queued());
          saved.add(progress);
          return true;
        },
        () -> stopAfterEachPage,
        clock);
  }

  @Test
  void everyPageIsWrittenThenRecordedInOrder() {
    Audience audience = new Audience(25);
    Queue queue = new Queue(events);

    CampaignProgress done = expansion(audience, queue, false).run(CampaignProgress.NONE);

    assertThat(done.expansionComplete()).isTrue();
    assertThat(done.queued()).isEqualTo(25);
    assertThat(events)
        .containsExactly(
            "save 0", "write 10", "save 10", "write 10", "save 20", "write 5", "save 25");
    assertThat(saved).extracting(CampaignProgress::pageToken).containsExactly("", "10", "20", "");
    assertThat(audience.tokensRead).containsExactly("", "10", "20");
  }

  @Test
  void resumesFromTheSavedPageToken() {
    Audience audience = new Audience(25);
    CampaignProgress halfway = new CampaignProgress(20, java.util.Map.of(), 20, 20, "20", false);

    CampaignProgress done = expansion(audience, new Queue(events), false).run(halfway);

    assertThat(audience.tokensRead).containsExactly("20");
    assertThat(done.audience()).isEqualTo(25);
    assertThat(done.queued()).isEqualTo(25);
  }

  @Test
  void pacingContinuesAcrossPages() {
    Audience audience = new Audience(25);
    Queue queue = new Queue(events);

    expansion(audience, queue, false).run(CampaignProgress.NONE);

    List<OutgoingMessage> all = queue.writes.stream().flatMap(List::stream).toList();
    assertThat(all).extracting(OutgoingMessage::messageId).doesNotHaveDuplicates();
    assertThat(all).extracting(OutgoingMessage::destination).doesNotHaveDuplicates().hasSize(25);
  }

  @Test
  void stopsBetweenPagesWithProgressSaved() {
    Audience audience = new Audience(25);

    CampaignProgress reached =
        expansion(audience, new Queue(events), true).run(CampaignProgress.NONE);

    assertThat(reached.expansionComplete()).isFalse();
    assertThat(reached.pageToken()).isEqualTo("10");
    assertThat(events).containsExactly("save 0", "write 10", "save 10");
  }

  @Test
  void aFailedReadLeavesTheLastSavedPageAsTheResumePoint() {
    Audience audience = new Audience(45);
    audience.failAt.set(30);

    assertThatThrownBy(
            () -> expansion(audience, new Queue(events), false).run(CampaignProgress.NONE))
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("contacts down");
    // Page 20-29 was composed while page 10-19 was written, but is only saved after its own write.
    assertThat(saved).extracting(CampaignProgress::pageToken).containsExactly("", "10", "20");
  }

  @Test
  void aFailedWriteSavesNothingForThatPage() {
    Audience audience = new Audience(25);
    AtomicInteger attempts = new AtomicInteger();
    CampaignExpansion.MessageSink failing =
        new Queue(events) {
          @Override
          public CompletionStage<Void> enqueue(List<OutgoingMessage> messages, Instant floor) {
            return attempts.incrementAndGet() == 2
                ? CompletableFuture.failedFuture(new IllegalStateException("queue down"))
                : CompletableFuture.completedFuture(null);
          }
        };

    assertThatThrownBy(() -> expansionWith(audience, failing).run(CampaignProgress.NONE))
        .hasRootCauseMessage("queue down");
    assertThat(saved).extracting(CampaignProgress::queued).containsExactly(0L, 10L);
  }

  @Test
  void lostLeaseStopsExpansion() {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard()).compile(transactional().build(), NOW);
    CampaignExpansion expansion =
        new CampaignExpansion(
            campaign,
            new MessageComposer(
                campaign,
                RouteTable.of(List.of(RouteDefinition.validated("fr", List.of("+33"), 0, 1))),
                UUID::randomUUID),
            new Audience(25),
            PAGE,
            new Queue(events),
            progress -> false,
            () -> false,
            clock);

    assertThatThrownBy(() -> expansion.run(CampaignProgress.NONE))
        .isInstanceOf(CampaignExpansion.TakenOver.class);
    // The first save, of the first page's key, fails: nothing is written without the lease.
    assertThat(events).isEmpty();
  }

  @Test
  void aPageQueuedButNotRecordedKeepsItsIdsAndIsNotQueuedAgain() {
    Audience audience = new Audience(25);
    Queue queue = new Queue(events);
    AtomicInteger saves = new AtomicInteger();
    // The process dies after the second page is durable in the queue, before its progress is.
    CampaignExpansion crashing =
        expansionSaving(
            audience,
            queue,
            progress -> {
              if (saves.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
              }
              saved.add(progress);
              return true;
            });
    assertThatThrownBy(() -> crashing.run(CampaignProgress.NONE)).hasMessage("killed");
    Map<String, UUID> firstIds = idsByDestination(queue);
    assertThat(firstIds).hasSize(20);

    CampaignProgress done =
        expansionSaving(audience, queue, progress -> saved.add(progress))
            .run(saved.get(saved.size() - 1));

    assertThat(done.queued()).isEqualTo(25);
    assertThat(idsByDestination(queue)).hasSize(25).containsAllEntriesOf(firstIds);
    assertThat(queue.rows.values())
        .extracting(OutgoingMessage::destination)
        .as("queue rows, one per recipient")
        .doesNotHaveDuplicates()
        .hasSize(25);
    // The page in flight at the crash is found in the queue: the restart writes only the last one.
    assertThat(events).containsExactly("write 10", "write 10", "write 5");
  }

  @Test
  void aWriteInterruptedTwiceIsCompletedWithoutCopies() {
    Audience audience = new Audience(25);
    AtomicInteger attempts = new AtomicInteger();
    // The second page's write dies halfway, then its retry dies after writing, before its save.
    Queue queue =
        new Queue(events) {
          @Override
          public CompletionStage<Void> enqueue(List<OutgoingMessage> messages, Instant floor) {
            if (attempts.incrementAndGet() == 2) {
              super.enqueue(messages.subList(0, messages.size() / 2), floor);
              return CompletableFuture.failedFuture(new IllegalStateException("killed"));
            }
            return super.enqueue(messages, floor);
          }
        };
    AtomicInteger saves = new AtomicInteger();
    CampaignExpansion.ProgressSink dyingAfterTheRetry =
        progress -> {
          if (saves.incrementAndGet() == 2) {
            throw new IllegalStateException("killed");
          }
          saved.add(progress);
          return true;
        };
    assertThatThrownBy(() ->
            expansionSaving(audience, queue, progress -> saved.add(progress))
                .run(CampaignProgress.NONE))
        .hasRootCauseMessage("killed");
    CampaignProgress afterFirstCrash = saved.get(saved.size() - 1);
    assertThatThrownBy(
            () -> expansionSaving(audience, queue, dyingAfterTheRetry).run(afterFirstCrash))
        .hasMessage("killed");
    CampaignProgress afterSecondCrash = saved.get(saved.size() - 1);
    assertThat(afterSecondCrash.pageWrites()).hasSize(2);

    CampaignProgress done =
        expansionSaving(audience, queue, progress -> saved.add(progress)).run(afterSecondCrash);

    assertThat(done.queued()).isEqualTo(25);
    assertThat(idsByDestination(queue)).hasSize(25);
    assertThat(queue.rows.values())
        .extracting(OutgoingMessage::destination)
        .doesNotHaveDuplicates()
        .hasSize(25);
  }

  /** Every destination written, with its message id; fails if one was written under two ids. */
  private static Map<String, UUID> idsByDestination(Queue queue) {
    Map<String, UUID> ids = new LinkedHashMap<>();
    queue.writes.stream()
        .flatMap(List::stream)
        .forEach(m -> {
          UUID before = ids.putIfAbsent(m.destination(), m.messageId());
          assertThat(before == null || before.equals(m.messageId()))
              .as("one message id per destination")
              .isTrue();
        });
    return ids;
  }

  private CampaignExpansion expansionSaving(
      Audience audience, Queue queue, CampaignExpansion.ProgressSink progress) {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard()).compile(transactional().build(), NOW);
    return new CampaignExpansion(
        campaign,
        new MessageComposer(
            campaign,
            RouteTable.of(List.of(RouteDefinition.validated("fr", List.of("+33"), 0, 1))),
            UUID::randomUUID),
        audience,
        PAGE,
        queue,
        progress,
        () -> false,
        clock);
  }

  private CampaignExpansion expansionWith(Audience audience, CampaignExpansion.MessageSink sink) {
    CompiledCampaign campaign =
        new CampaignValidator(PolicyRegistry.standard()).compile(transactional().build(), NOW);
    return new CampaignExpansion(
        campaign,
        new MessageComposer(
            campaign,
            RouteTable.of(List.of(RouteDefinition.validated("fr", List.of("+33"), 0, 1))),
            UUID::randomUUID),
        audience,
        PAGE,
        sink,
        progress -> {
          saved.add(progress);
          return true;
        },
        () -> false,
        clock);
  }
}
