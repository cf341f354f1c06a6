package dev.relais.common.server;

import dev.relais.common.config.ServiceConfig;
import dev.relais.logging.TraceLogFormat;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * The {@code main} of every service process: load the configuration, start, log the port, and run
 * until the process is asked to stop (SIGTERM from the kubelet, Ctrl-C), then close cleanly.
 */
public final class ServiceProcess {

  private static final Logger LOG = Logger.getLogger(ServiceProcess.class.getName());

  private ServiceProcess() {}

  /** Starts {@code service} with {@code start} and blocks until shutdown. */
  public static <S extends AutoCloseable> void run(
      String service, Function<ServiceConfig, S> start, ToIntFunction<S> port)
      throws InterruptedException {
    ServiceConfig config = ServiceConfig.load(service);
    TraceLogFormat.install(config.string("relais.log.format", "text"));
    S server = start.apply(config);
    LOG.info(() -> service + " ready on port " + port.applyAsInt(server));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    LOG.warning(() -> service + " did not stop cleanly: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                service + "-shutdown"));
    stopped.await();
  }
}
