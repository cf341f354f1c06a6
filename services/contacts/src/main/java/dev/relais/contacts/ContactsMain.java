package dev.relais.contacts;

import dev.relais.common.config.ServiceConfig;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** Runs the contacts service until the process is stopped. */
public final class ContactsMain {

  private static final Logger LOG = Logger.getLogger(ContactsMain.class.getName());

  private ContactsMain() {}

  public static void main(String[] args) throws InterruptedException {
    ContactsServer server = ContactsServer.start(ServiceConfig.load("contacts"));
    LOG.info(() -> "contacts service ready on port " + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "contacts-shutdown"));
    stopped.await();
  }
}
