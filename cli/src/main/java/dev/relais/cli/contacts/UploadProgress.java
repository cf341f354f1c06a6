package dev.relais.cli.contacts;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a file being sent, on stderr: bytes and lines sent, the share of the file, the rate.
 * One line at most every {@link #INTERVAL_NANOS}, and one when the last byte is sent.
 *
 * <p>Lines are counted by their line feed, which no other character contains in UTF-8 or
 * Windows-1252; a quoted value spanning lines counts for each of its lines.
 */
final class UploadProgress {

  static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter out;
  private final long totalBytes;
  private final LongSupplier nanoTime;
  private final long started;
  private long lastPrinted;
  private long bytes;
  private long lines;

  UploadProgress(PrintWriter out, long totalBytes, LongSupplier nanoTime) {
    this.out = out;
    this.totalBytes = totalBytes;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.lastPrinted = started;
  }

  /** Counts a chunk sent; prints a line when the last one is old enough. */
  void sent(byte[] chunk, int length) {
    bytes += length;
    for (int i = 0; i < length; i++) {
      if (chunk[i] == '\n') {
        lines++;
      }
    }
    long now = nanoTime.getAsLong();
    if (now - lastPrinted >= INTERVAL_NANOS) {
      lastPrinted = now;
      out.println(line(bytes, totalBytes, lines, now - started));
      out.flush();
    }
  }

  /** Prints the final line, once every byte is sent and the service is computing its report. */
  void finished() {
    out.println(
        line(bytes, totalBytes, lines, nanoTime.getAsLong() - started)
            + ", waiting for the report");
    out.flush();
  }

  long bytes() {
    return bytes;
  }

  /** e.g. {@code sent 1.5 MiB of 3.0 MiB (50%), 20,000 lines, 2.0 MiB/s}. */
  static String line(long bytes, long totalBytes, long lines, long elapsedNanos) {
    int percent = totalBytes <= 0 ? 100 : (int) Math.min(100, bytes * 100 / totalBytes);
    double seconds = elapsedNanos / 1e9;
    String rate = seconds <= 0 ? "" : ", " + size((long) (bytes / seconds)) + "/s";
    return String.format(
        Locale.ROOT,
        "sent %s of %s (%d%%), %,d lines%s",
        size(bytes),
        size(totalBytes),
        percent,
        lines,
        rate);
  }

  /** Bytes in the largest binary unit that keeps at least 1 before the decimal point. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
