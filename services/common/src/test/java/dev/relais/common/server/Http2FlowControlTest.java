package dev.relais.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.http2.ConnectionFlowControl;
import io.helidon.http.http2.FlowControl;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.webserver.http2.Http2Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The window a service gives back to its clients, as Helidon computes it with the services' HTTP/2
 * settings, while the streams of one connection read their frames on their own threads at once.
 */
class Http2FlowControlTest {

  private static final int CONNECTIONS = 10;
  private static final int STREAMS = 4;
  private static final int FRAMES_PER_STREAM = 100_000;

  @Test
  void streamsReadingAtOnceGiveBackEveryByteAndNeverAWindowUpdateOfZero() throws Exception {
    Http2Config http2 = ServiceServer.http2Config();
    long read = (long) STREAMS * FRAMES_PER_STREAM * http2.maxFrameSize();
    for (int c = 0; c < CONNECTIONS; c++) {
      Credit credit = readAtOnce(http2);
      assertThat(credit.zeroUpdates()).as("connection WINDOW_UPDATEs of 0").isZero();
      // Less than one window may be held back, to be given back with later frames; never more
      // given back than was read, or the client could send past what the server can hold.
      assertThat(read - credit.given())
          .as("bytes read but not given back")
          .isBetween(0L, (long) http2.initialWindowSize());
    }
  }

  /** What the client of one connection is given back, its streams all reading at once. */
  private static Credit readAtOnce(Http2Config http2) throws InterruptedException {
    AtomicLong given = new AtomicLong();
    AtomicLong zeroUpdates = new AtomicLong();
    // The connection as Helidon's server builds it; its WINDOW_UPDATEs on stream 0 are what the
    // client's connection window grows by.
    ConnectionFlowControl connection =
        ConnectionFlowControl.serverBuilder(
                (Integer streamId, Http2WindowUpdate update) -> {
                  if (streamId == 0) {
                    given.addAndGet(update.windowSizeIncrement());
                    if (update.windowSizeIncrement() == 0) {
                      zeroUpdates.incrementAndGet();
                    }
                  }
                })
            .initialWindowSize(http2.initialWindowSize())
            .blockTimeout(http2.flowControlTimeout())
            .maxFrameSize(http2.maxFrameSize())
            .build();
    int frame = http2.maxFrameSize();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> streams = new ArrayList<>();
    for (int s = 0; s < STREAMS; s++) {
      FlowControl.Inbound stream =
          connection.createStreamFlowControl(2 * s + 1, http2.initialWindowSize(), frame).inbound();
      streams.add(
          Thread.ofPlatform()
              .start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < FRAMES_PER_STREAM; i++) {
                  stream.decrementWindowSize(frame); // a full DATA frame arrives
                  stream.incrementWindowSize(frame); // and its stream has read it
                }
              }));
    }
    start.countDown();
    for (Thread stream : streams) {
      stream.join();
    }
    return new Credit(given.get(), zeroUpdates.get());
  }

  private record Credit(long given, long zeroUpdates) {}

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
