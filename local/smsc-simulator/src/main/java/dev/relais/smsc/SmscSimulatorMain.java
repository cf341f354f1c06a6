package dev.relais.smsc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulator as a process for the local demo and benchmarks. Prints {@code SMSC_PORT=n}
 * once listening (the launcher reads it), counters periodically, and takes commands on stdin.
 */
public final class SmscSimulatorMain {

  private SmscSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimulatorArgs parsed;
    try {
      parsed = SimulatorArgs.parse(args);
    } catch (IllegalArgumentException e) {
      boolean askedForHelp = SimulatorArgs.USAGE.equals(e.getMessage());
      (askedForHelp ? System.out : System.err).println(e.getMessage());
      System.exit(askedForHelp ? 0 : 2);
      return;
    }
    SmscSimulator smsc = SmscSimulator.start(parsed.config());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  smsc.close();
                  stopped.countDown();
                },
                "smsc-shutdown"));
    System.out.println("SMSC simulator listening on " + smsc.host() + ":" + smsc.port());
    System.out.println("SMSC_PORT=" + smsc.port());
    System.out.println(parsed.config());
    System.out.flush();

    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("smsc-stats"));
    long interval = parsed.statsInterval().toSeconds();
    if (interval > 0) {
      ticker.scheduleAtFixedRate(() -> printStats(smsc), interval, interval, TimeUnit.SECONDS);
    }
    Thread commands = DaemonThreads.named("smsc-stdin").newThread(() -> readCommands(smsc));
    commands.start();
    stopped.await();
  }

  private static void readCommands(SmscSimulator smsc) {
    // EOF on stdin (a launcher that gives none) just ends the command loop, not the simulator.
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        runCommand(smsc, line.strip());
      }
    } catch (IOException e) {
      System.err.println("stdin closed: " + e.getMessage());
    }
  }

  private static void runCommand(SmscSimulator smsc, String line) {
    String[] words = line.split("\\s+", 4);
    switch (words[0].toLowerCase(Locale.ROOT)) {
      case "" -> {}
      case "stats" -> printStats(smsc);
      case "disconnect" -> smsc.disconnectAll();
      case "malformed" -> {
        if (words.length < 2) {
          System.out.println("usage: malformed KIND [SYSTEM_ID]");
          return;
        }
        try {
          MalformedPdu fault = SimulatorArgs.malformedPdu(words[1]);
          String systemId =
              words.length > 2 ? words[2] : smsc.config().accounts().keySet().iterator().next();
          smsc.injectMalformedPdu(systemId, fault);
          System.out.println(fault + " written");
        } catch (IllegalArgumentException | MoDeliveryException e) {
          System.out.println(
              "malformed PDU not written: " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
      case "quit", "exit" -> System.exit(0);
      case "mo" -> {
        if (words.length < 4) {
          System.out.println("usage: mo FROM TO TEXT");
          return;
        }
        try {
          smsc.injectMo(words[1], words[2], words[3]);
          System.out.println("MO delivered");
        } catch (MoDeliveryException e) {
          System.out.println("MO not delivered: " + e.getMessage());
        }
      }
      default ->
          System.out.println(
              "commands: mo FROM TO TEXT | malformed KIND [SYSTEM_ID] | stats | disconnect | quit");
    }
  }

  private static void printStats(SmscSimulator smsc) {
    SimulatorStats s = smsc.stats();
    System.out.printf(
        "sessions=%d submits=%d accepted=%d rejected=%d rate=%d/s max1s=%d"
            + " dlrs(sent=%d ack=%d failed=%d pending=%d) mos=%d%n",
        s.boundSessions(),
        s.submitsReceived(),
        s.submitsAccepted(),
        s.submitsRejected(),
        smsc.throughput().lastSecond(),
        smsc.maxSubmitsInAnyOneSecond(),
        s.dlrsSent(),
        s.dlrsAcknowledged(),
        s.dlrsFailed(),
        s.dlrsOutstanding(),
        s.mosSent());
  }
}
