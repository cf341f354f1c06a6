package dev.relais.local.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends the launcher's own logs (the in-process SMSC simulator's above all) to a file, so the
 * terminal shows the demo's progress and summary rather than SMPP chatter.
 */
public final class LauncherLogging {

  private LauncherLogging() {}

  public static void toFile(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new FileHandler(file.toString(), false);
    handler.setFormatter(new SimpleFormatter());
    root.addHandler(handler);
    root.setLevel(Level.INFO);
  }
}
