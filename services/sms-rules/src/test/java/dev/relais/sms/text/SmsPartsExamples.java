package dev.relais.sms.text;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Texts whose part count is easy to get wrong, with the parts they take. Shipped in this module's
 * test jar so that the scheduler (which counts and prices parts) and dispatch (which sends them)
 * each prove on the same texts that they split by {@link SmsParts}.
 */
public final class SmsPartsExamples {

  private SmsPartsExamples() {}

  /**
   * Arguments (text, parts), for
   * {@code @MethodSource("dev.relais.sms.text.SmsPartsExamples#texts")}.
   */
  public static Stream<Arguments> texts() {
    String x66 = "x".repeat(66);
    return Stream.of(
        // A lone surrogate at the 67-unit boundary is one unit: 2 parts, not 3.
        Arguments.of(x66 + "\uD83D" + "y" + "z".repeat(66), 2),
        Arguments.of(x66 + "\uDE00" + "y".repeat(67), 2),
        // A surrogate pair straddling the boundary moves whole to the next part.
        Arguments.of("ç".repeat(66) + "\uD83D\uDE00" + "x".repeat(67), 3),
        // Extension characters take two septets and are never cut from their escape.
        Arguments.of("€".repeat(80), 1),
        Arguments.of("€".repeat(80) + "x", 2),
        // 306 septets would fit two parts of 153, but "[" cannot straddle the first boundary.
        Arguments.of("a".repeat(152) + "[" + "b".repeat(152), 3),
        Arguments.of("[x]".repeat(102), 4));
  }
}
