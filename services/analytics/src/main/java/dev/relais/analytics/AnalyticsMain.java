package dev.relais.analytics;

import dev.relais.common.config.ServiceConfig;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** Entry point of the analytics service process. */
public final class AnalyticsMain {

  private static final Logger LOG = Logger.getLogger(AnalyticsMain.class.getName());

  private AnalyticsMain() {}

  public static void main(String[] args) throws InterruptedException {
    AnalyticsServer server = AnalyticsServer.start(ServiceConfig.load("analytics"));
    LOG.info(() -> "analytics ready on port " + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "analytics-shutdown"));
    stopped.await();
  }
}
