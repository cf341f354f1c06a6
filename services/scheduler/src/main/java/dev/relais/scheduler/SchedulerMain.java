package dev.relais.scheduler;

import dev.relais.common.config.ServiceConfig;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** Starts the scheduler service with its configuration ({@code scheduler.properties} + env). */
public final class SchedulerMain {

  private static final Logger LOG = Logger.getLogger(SchedulerMain.class.getName());

  private SchedulerMain() {}

  public static void main(String[] args) throws InterruptedException {
    SchedulerServer server = SchedulerServer.start(ServiceConfig.load("scheduler"));
    LOG.info(() -> "scheduler ready on port " + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              server.close();
              stopped.countDown();
            }));
    stopped.await();
  }
}
