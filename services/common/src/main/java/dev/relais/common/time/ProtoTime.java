package dev.relais.common.time;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * The one conversion between {@link Instant} and protobuf {@link Timestamp}, to the nanosecond.
 *
 * <p>protobuf-java-util offers none for {@code java.time}; both types count seconds since the epoch
 * plus a non-negative nano adjustment, so the fields map one to one, before 1970 too.
 */
public final class ProtoTime {

  private ProtoTime() {}

  /** The timestamp of {@code instant}, nanoseconds included. */
  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /** The instant of {@code timestamp}; an unset timestamp is the epoch. */
  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
