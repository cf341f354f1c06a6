package dev.relais.dispatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.ReportThrottle;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages accepted without an SMSC id are each counted, and logged once every ten seconds. */
class MissingSmscIdsTest {

  private final Logger logger = Logger.getLogger(MissingSmscIds.class.getName());
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final AtomicLong now = new AtomicLong(5_000);
  private final DispatchStats stats = new DispatchStats(Clock.systemUTC());
  private final MissingSmscIds missing = new MissingSmscIds(stats, now::get);

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void eachIsCountedAndTheLogNamesTheCountAndTheLatestMessage() {
    UUID first = UUID.randomUUID();
    missing.accepted(first);
    for (int i = 0; i < 40; i++) {
      now.addAndGet(100_000_000); // 4 s in all: within one report period
      missing.accepted(UUID.randomUUID());
    }
    UUID last = UUID.randomUUID();
    now.addAndGet(ReportThrottle.REPORT_EVERY_NANOS);
    missing.accepted(last);

    assertThat(stats.snapshot().submittedWithoutSmscId()).isEqualTo(42);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("1 message(s)").contains(first.toString());
    assertThat(lines.get(1)).startsWith("41 message(s)").contains(last.toString());
  }
}
