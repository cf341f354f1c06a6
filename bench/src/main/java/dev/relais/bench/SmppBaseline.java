package dev.relais.bench;

import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;

/**
 * The baseline the platform is compared with in the same run: bare jsmpp submits to the same
 * simulator, with the route's sessions and window, and no queue, database or services around. It
 * tells how much of the SMPP ceiling the whole pipeline reaches.
 */
final class SmppBaseline {

  private SmppBaseline() {}

  /**
   * Submits {@code count} messages to a simulator of its own (so that its receipts reach no one
   * else) and returns messages per second.
   */
  static double run(int sessions, int window, int count) throws Exception {
    try (SmscSimulator simulator =
        SmscSimulator.start(
            SmscSimulatorConfig.builder()
                .account("baseline", "baseline")
                .recordMessages(false)
                .dlrDelay(Duration.ofMillis(50))
                .build())) {
      return run(simulator, "baseline", "baseline", sessions, window, count);
    }
  }

  private static double run(
      SmscSimulator simulator,
      String systemId,
      String password,
      int sessions,
      int window,
      int count)
      throws Exception {
    List<SMPPSession> bound = new ArrayList<>();
    AtomicLong receipts = new AtomicLong();
    for (int i = 0; i < sessions; i++) {
      SMPPSession session = new SMPPSession();
      session.setTransactionTimer(10_000);
      // Receipts come back as a real ESME gets them; they are counted, not correlated.
      session.setMessageReceiverListener(new ReceiptCounter(receipts));
      session.connectAndBind(
          "127.0.0.1",
          simulator.port(),
          new BindParameter(
              BindType.BIND_TRX,
              systemId,
              password,
              "",
              TypeOfNumber.UNKNOWN,
              NumberingPlanIndicator.UNKNOWN,
              null));
      bound.add(session);
    }
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(count);
    List<Semaphore> windows = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      windows.add(new Semaphore(window));
    }
    long start = System.nanoTime();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        int s = i % sessions;
        Semaphore slots = windows.get(s);
        slots.acquire();
        String destination = String.format("336%08d", i);
        threads.submit(() -> {
          try {
            bound
                .get(s)
                .submitShortMessage(
                    "",
                    TypeOfNumber.ALPHANUMERIC,
                    NumberingPlanIndicator.UNKNOWN,
                    "BENCH",
                    TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN,
                    destination,
                    new ESMClass(),
                    (byte) 0,
                    (byte) 1,
                    null,
                    null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                    (byte) 0,
                    new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    (byte) 0,
                    "Bonjour, ceci est un message de reference.".getBytes());
          } catch (Exception e) {
            failures.incrementAndGet();
          } finally {
            slots.release();
            done.countDown();
          }
        });
      }
      done.await();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(Duration.ofSeconds(2)); // let receipts drain before unbinding
    bound.forEach(SMPPSession::unbindAndClose);
    if (failures.get() > 0) {
      System.out.println("  baseline: " + failures.get() + " submits failed");
    }
    return count / seconds;
  }
}
