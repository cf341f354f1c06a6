package dev.relais.sms.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class E164Test {

  @ParameterizedTest
  @ValueSource(strings = {"+33612345678", "+447700900123", "+1234567", "+123456789012345"})
  void canonicalNumbers(String phone) {
    assertThat(E164.isCanonical(phone)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "33612345678", // no '+'
        "+0612345678", // no country code starts with 0
        "+123456", // 6 digits
        "+1234567890123456", // 16 digits
        "+33 612345678",
        "+33-612345678",
        " +33612345678",
        "+33612345678 ",
        "+",
        "+٣٣٦١٢٣٤٥٦٧٨" // Arabic-Indic digits are digits to Character.isDigit, not to E.164
      })
  void notCanonical(String phone) {
    assertThat(E164.isCanonical(phone)).isFalse();
  }

  @Test
  void theCheckAndThePatternGiveToSchemasAreOneRule() {
    Pattern pattern = Pattern.compile(E164.PATTERN);
    Random random = new Random(164);
    String alphabet = "+0123456789 a";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder phone = new StringBuilder(random.nextBoolean() ? "+" : "");
      int length = random.nextInt(18);
      for (int i = 0; i < length; i++) {
        phone.append(
            random.nextInt(10) == 0
                ? alphabet.charAt(random.nextInt(alphabet.length()))
                : (char) ('0' + random.nextInt(10)));
      }
      String value = phone.toString();
      assertThat(E164.isCanonical(value)).as(value).isEqualTo(pattern.matcher(value).find());
    }
  }
}
