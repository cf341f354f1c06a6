package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant FIRST = Instant.parse("2026-11-22T08:00:00.123Z");
  private static final Instant LATER = Instant.parse("2026-11-22T09:30:00Z");

  @Test
  void aNewConditionTransitionsNow() {
    List<Condition> conditions =
        Conditions.merge(null, Conditions.ready("Registered", "ok"), FIRST);

    assertThat(conditions)
        .singleElement()
        .satisfies(c -> {
          assertThat(c.type).isEqualTo("Ready");
          assertThat(c.status).isEqualTo("True");
          assertThat(c.reason).isEqualTo("Registered");
          assertThat(c.message).isEqualTo("ok");
          assertThat(c.lastTransitionTime).isEqualTo("2026-11-22T08:00:00Z");
        });
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusHolds() {
    List<Condition> first =
        Conditions.merge(null, Conditions.notReady("DispatchProgressing", "0 of 2"), FIRST);

    List<Condition> later =
        Conditions.merge(first, Conditions.notReady("DispatchProgressing", "1 of 2"), LATER);

    assertThat(later)
        .singleElement()
        .satisfies(c -> {
          assertThat(c.message).isEqualTo("1 of 2");
          assertThat(c.lastTransitionTime).isEqualTo("2026-11-22T08:00:00Z");
        });
  }

  @Test
  void aStatusChangeMovesTheTransitionTime() {
    List<Condition> first = Conditions.merge(null, Conditions.notReady("InvalidSpec", "x"), FIRST);

    List<Condition> later = Conditions.merge(first, Conditions.ready("Registered", "ok"), LATER);

    assertThat(later)
        .singleElement()
        .satisfies(c -> {
          assertThat(c.status).isEqualTo("True");
          assertThat(c.lastTransitionTime).isEqualTo("2026-11-22T09:30:00Z");
        });
  }

  @Test
  void leavesOtherConditionsAndTheInputAlone() {
    List<Condition> first =
        Conditions.merge(
            Conditions.merge(null, Conditions.of("Throttled", "False", "Flowing", "ok"), FIRST),
            Conditions.ready("Registered", "ok"),
            FIRST);

    List<Condition> later = Conditions.merge(first, Conditions.notReady("InvalidSpec", "x"), LATER);

    assertThat(later).extracting(c -> c.type).containsExactly("Throttled", "Ready");
    assertThat(Conditions.isTrue(later, "Ready")).isFalse();
    assertThat(Conditions.isTrue(first, "Ready")).isTrue();
    assertThat(Conditions.unchanged(later, Conditions.notReady("InvalidSpec", "x"))).isTrue();
    assertThat(Conditions.unchanged(later, Conditions.notReady("InvalidSpec", "y"))).isFalse();
  }
}
