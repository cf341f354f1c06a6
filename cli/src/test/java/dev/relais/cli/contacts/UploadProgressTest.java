package dev.relais.cli.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadProgressTest {

  @Test
  void aLineSaysBytesShareLinesAndRate() {
    assertThat(UploadProgress.line(3 * 1024 * 1024 / 2, 3 * 1024 * 1024, 20_000, 750_000_000L))
        .isEqualTo("sent 1.5 MiB of 3.0 MiB (50%), 20,000 lines, 2.0 MiB/s");
    assertThat(UploadProgress.line(300, 300, 3, 0))
        .isEqualTo("sent 300 B of 300 B (100%), 3 lines");
  }

  @Test
  void printsAtMostOneLineASecondAndCountsLineFeeds() {
    AtomicLong clock = new AtomicLong();
    StringWriter printed = new StringWriter();
    UploadProgress progress = new UploadProgress(new PrintWriter(printed), 4096, clock::get);
    byte[] chunk = "a;b\r\nc;d\r\n".getBytes(StandardCharsets.ISO_8859_1);

    progress.sent(chunk, chunk.length);
    clock.addAndGet(UploadProgress.INTERVAL_NANOS / 2);
    progress.sent(chunk, chunk.length);
    assertThat(printed.toString()).isEmpty();

    clock.addAndGet(UploadProgress.INTERVAL_NANOS / 2);
    progress.sent(chunk, chunk.length);
    assertThat(printed.toString()).startsWith("sent 30 B of 4.0 KiB (0%), 6 lines");

    progress.finished();
    assertThat(printed.toString().lines())
        .hasSize(2)
        .last()
        .asString()
        .endsWith("waiting for the report");
  }
}
