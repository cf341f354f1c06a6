package dev.relais.scheduler.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WeeklyWindowPolicyTest {

  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

  private static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
  }

  @Test
  void aDeclaredWindowDefersToItsNextOpening() {
    WeeklyWindowPolicy policy =
        WeeklyWindowPolicy.parse("be-marketing MON-SAT 09:00-20:00 marketing");

    assertThat(policy.name()).isEqualTo("be-marketing");
    assertThat(policy.allowsMarketing()).isTrue();
    // Tuesday 2026-11-24
    assertThat(policy.firstAllowed(local("2026-11-24T08:30"), BRUSSELS))
        .isEqualTo(local("2026-11-24T09:00"));
    assertThat(policy.firstAllowed(local("2026-11-24T12:00"), BRUSSELS))
        .isEqualTo(local("2026-11-24T12:00"));
    // Saturday evening waits for Monday morning.
    assertThat(policy.firstAllowed(local("2026-11-28T20:00"), BRUSSELS))
        .isEqualTo(local("2026-11-30T09:00"));
  }

  @Test
  void listsOfDaysMidnightAndFrenchHolidays() {
    WeeklyWindowPolicy policy = WeeklyWindowPolicy.parse("alerts MON,WED 00:00-24:00 holidays=FR");

    assertThat(policy.allowsMarketing()).isFalse();
    assertThat(policy.firstAllowed(local("2026-11-24T23:00"), BRUSSELS))
        .isEqualTo(local("2026-11-25T00:00"));
    assertThat(policy.firstAllowed(local("2026-11-25T23:59"), BRUSSELS))
        .isEqualTo(local("2026-11-25T23:59"));
    // Monday 2027-05-17 is Whit Monday: the next open day is Wednesday.
    assertThat(policy.firstAllowed(local("2027-05-17T10:00"), BRUSSELS))
        .isEqualTo(local("2027-05-19T00:00"));
  }

  @Test
  void malformedDeclarationsSayWhatIsWrong() {
    assertThatThrownBy(() -> WeeklyWindowPolicy.parse("x"))
        .hasMessageContaining("must read '<name> <days> <hours>");
    assertThatThrownBy(() -> WeeklyWindowPolicy.parse("x MON-XYZ 08:00-20:00"))
        .hasMessage("policy x: unknown day 'XYZ' (MON, TUE, ... SUN)");
    assertThatThrownBy(() -> WeeklyWindowPolicy.parse("x MON-FRI 8h-20h"))
        .hasMessage("policy x: hours '8h-20h' must look like 08:00-20:00");
    assertThatThrownBy(() -> WeeklyWindowPolicy.parse("x MON-FRI 20:00-08:00"))
        .hasMessageContaining("must open before it closes");
    assertThatThrownBy(() -> WeeklyWindowPolicy.parse("x MON-FRI 08:00-20:00 loud"))
        .hasMessage("policy x: unknown option 'loud' (known: holidays=FR, marketing)");
  }

  @Test
  void declaredPoliciesJoinTheRegistryButCannotReplaceBuiltIns() {
    PolicyRegistry registry =
        PolicyRegistry.withDeclared(
            "be-marketing MON-SAT 09:00-20:00 marketing; night MON-SUN 22:00-24:00");

    assertThat(registry.resolve("be-marketing", true).name()).isEqualTo("be-marketing");
    assertThatThrownBy(() -> registry.resolve("night", true))
        .hasMessageContaining("is for transactional messages");
    assertThatThrownBy(() -> PolicyRegistry.withDeclared("fr-marketing MON-SUN 00:00-24:00"))
        .hasMessage("policy fr-marketing is already defined; choose another name");
  }
}
