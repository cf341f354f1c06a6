package dev.relais.dispatch;

import dev.relais.common.config.ServiceConfig;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** Entry point of a dispatch process (one per route replica). */
public final class DispatchMain {

  private static final Logger LOG = Logger.getLogger(DispatchMain.class.getName());

  private DispatchMain() {}

  public static void main(String[] args) throws InterruptedException {
    DispatchServer server = DispatchServer.start(ServiceConfig.load("dispatch"));
    LOG.info(() -> "dispatch ready on port " + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "dispatch-shutdown"));
    stopped.await();
  }
}
