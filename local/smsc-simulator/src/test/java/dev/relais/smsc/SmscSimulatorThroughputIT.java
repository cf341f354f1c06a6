package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.Test;

/**
 * A sanity run at volume: every submit is answered and recorded, every receipt acknowledged. It
 * prints the rates it saw but asserts none; benchmarks measure, tests check outcomes.
 */
class SmscSimulatorThroughputIT {

  private static final int SESSIONS = 4;
  private static final int THREADS_PER_SESSION = 8;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void twentyThousandSubmitsAreAllAnsweredRecordedAndReceipted() throws Exception {
    int total = 20_000;
    SmscSimulatorConfig config =
        SmscSimulatorConfig.builder()
            .account("bench", "bench")
            .dlrDelay(Duration.ZERO, Duration.ofMillis(100))
            .outcomeMix(new OutcomeMix(0.9, 0.07, 0.03))
            .build();
    try (SmscSimulator smsc = SmscSimulator.start(config)) {
      List<TestEsme> esmes = bindAll(smsc);
      try {
        Set<String> ids = submitAll(esmes, total, "Votre code promo est PRINTEMPS25");

        assertThat(ids).hasSize(total);
        assertThat(smsc.receivedCount()).isEqualTo(total);
        List<SubmittedMessage> received = smsc.received();
        assertThat(received).hasSize(total);
        assertThat(received.stream().map(SubmittedMessage::messageId).collect(Collectors.toSet()))
            .isEqualTo(ids);

        int receipts = 0;
        for (TestEsme esme : esmes) {
          receipts += esme.receipts.size();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (smsc.stats().dlrsAcknowledged() < total && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(smsc.stats().dlrsAcknowledged()).isEqualTo(total);
        assertThat(smsc.stats().dlrsFailed()).isZero();
        receipts = esmes.stream().mapToInt(esme -> esme.receipts.size()).sum();
        assertThat(receipts).isEqualTo(total);
        assertThat(smsc.maxSubmitsInAnyOneSecond()).isPositive().isLessThanOrEqualTo(total);
      } finally {
        esmes.forEach(TestEsme::close);
      }
    }
  }

  @Test
  void countsOnlyModeKeepsNoRecordsButCountsEverything() throws Exception {
    int total = 10_000;
    SmscSimulatorConfig config =
        SmscSimulatorConfig.builder().account("bench", "bench").recordMessages(false).build();
    try (SmscSimulator smsc = SmscSimulator.start(config)) {
      List<TestEsme> esmes = bindAll(smsc);
      try {
        assertThat(submitAll(esmes, total, "x")).hasSize(total);
        assertThat(smsc.receivedCount()).isEqualTo(total);
        assertThat(smsc.received()).isEmpty();
        assertThat(smsc.throughput("bench").total()).isEqualTo(total);
      } finally {
        esmes.forEach(TestEsme::close);
      }
    }
  }

  private static List<TestEsme> bindAll(SmscSimulator smsc) throws Exception {
    List<TestEsme> esmes = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      esmes.add(TestEsme.bind(smsc, BindType.BIND_TRX, "bench", "bench"));
    }
    return esmes;
  }

  /** Blocking submits from many threads: the threads in flight act as the window. */
  private static Set<String> submitAll(List<TestEsme> esmes, int total, String text)
      throws Exception {
    int threads = esmes.size() * THREADS_PER_SESSION;
    Set<String> ids = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        TestEsme esme = esmes.get(t % esmes.size());
        int first = t * (total / threads);
        int count = t == threads - 1 ? total - first : total / threads;
        done.add(
            pool.submit(() -> {
              for (int i = first; i < first + count; i++) {
                ids.add(esme.submit(String.format("3361%07d", i), text));
              }
              return null;
            }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%d submits over %d sessions / %d threads in %.2f s: %.0f submit_sm/s%n",
        total, esmes.size(), threads, seconds, total / seconds);
    return ids;
  }
}
