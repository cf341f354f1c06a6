package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.ReportThrottle;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refused receipt is seen where jsmpp answers it, counted, and logged once per burst. */
class ReceiptRefusalsTest {

  private final Logger logger = Logger.getLogger(ReceiptRefusals.class.getName());
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
  private final AtomicLong now = new AtomicLong(1_000);
  private final DispatchStats stats = new DispatchStats(Clock.systemUTC());
  private final ReceiptRefusals refusals = new ReceiptRefusals(stats, 20_000, now::get);

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void aBurstIsCountedInFullAndLoggedOnce() {
    for (int i = 0; i < 500; i++) {
      refusals.run();
      now.addAndGet(1_000_000); // 1 ms apart: the whole burst within half a second
    }

    assertThat(stats.snapshot().receiptsRefused()).isEqualTo(500);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("1 deliver_sm refused").contains("20000 PDUs");
  }

  @Test
  void theNextReportTellsHowManyWereRefusedSinceTheLastOne() {
    for (int i = 0; i < 300; i++) {
      refusals.run();
    }
    now.addAndGet(ReportThrottle.REPORT_EVERY_NANOS);
    refusals.run();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("300 deliver_sm refused");
    assertThat(stats.snapshot().receiptsRefused()).isEqualTo(301);
  }

  @Test
  void onlyAThrottledDeliverSmRespIsARefusal() throws Exception {
    AtomicLong seen = new AtomicLong();
    QueueRefusalPduSender sender = new QueueRefusalPduSender(seen::incrementAndGet);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    sender.sendHeader(out, SMPPConstant.CID_DELIVER_SM_RESP, 0, 1);
    sender.sendHeader(out, SMPPConstant.CID_DELIVER_SM_RESP, 0x64, 2); // ours: retry an MO
    sender.sendHeader(out, SMPPConstant.CID_DATA_SM_RESP, SMPPConstant.STAT_ESME_RTHROTTLED, 3);
    sender.sendHeader(out, SMPPConstant.CID_DELIVER_SM_RESP, SMPPConstant.STAT_ESME_RTHROTTLED, 4);

    assertThat(seen).hasValue(1);
    assertThat(out.size()).isEqualTo(4 * 16); // every header was still written
  }
}
