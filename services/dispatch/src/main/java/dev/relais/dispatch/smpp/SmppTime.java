package dev.relais.dispatch.smpp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** SMPP 3.4 absolute times ({@code YYMMDDhhmmsstnnp}), always written in UTC. */
public final class SmppTime {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(ZoneOffset.UTC);

  private SmppTime() {}

  /**
   * An absolute time: tenths of a second, then the offset from UTC in quarter hours (00) and '+'.
   */
  public static String absolute(Instant instant) {
    int tenths = instant.atOffset(ZoneOffset.UTC).getNano() / 100_000_000;
    return FORMAT.format(instant) + tenths + "00+";
  }
}
