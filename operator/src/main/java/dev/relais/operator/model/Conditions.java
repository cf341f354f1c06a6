package dev.relais.operator.model;

import dev.relais.operator.api.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Builds Kubernetes-style conditions and merges them into a status without losing history. */
public final class Conditions {

  /** The condition every Relais resource carries; Argo CD and `kubectl wait` read it. */
  public static final String READY = "Ready";

  private Conditions() {}

  /** A Ready=True condition. */
  public static Condition ready(String reason, String message) {
    return of(READY, "True", reason, message);
  }

  /** A Ready=False condition. */
  public static Condition notReady(String reason, String message) {
    return of(READY, "False", reason, message);
  }

  /** A condition without a transition time; {@link #merge} sets it. */
  public static Condition of(String type, String status, String reason, String message) {
    Condition condition = new Condition();
    condition.type = type;
    condition.status = status;
    condition.reason = reason;
    condition.message = message;
    return condition;
  }

  /**
   * The conditions with {@code next} replacing the one of its type. The previous transition time is
   * kept when the status does not change, so that "Ready since" stays truthful and an unchanged
   * status compares equal (and is not patched again).
   */
  public static List<Condition> merge(List<Condition> current, Condition next, Instant now) {
    Condition merged = copy(next);
    Optional<Condition> previous = find(current, next.type);
    merged.lastTransitionTime =
        previous
            .filter(p -> Objects.equals(p.status, next.status) && p.lastTransitionTime != null)
            .map(p -> p.lastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : current == null ? List.<Condition>of() : current) {
      if (Objects.equals(c.type, next.type)) {
        if (!replaced) {
          result.add(merged);
          replaced = true;
        }
      } else {
        result.add(copy(c));
      }
    }
    if (!replaced) {
      result.add(merged);
    }
    return result;
  }

  /** The condition of that type, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(c.type, type)).findFirst();
  }

  /** Whether the conditions hold that type with status "True". */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.status)).orElse(false);
  }

  /**
   * Whether {@code current} already says what {@code next} says (status, reason and message): an
   * Event is worth recording only when this changes.
   */
  public static boolean unchanged(List<Condition> current, Condition next) {
    return find(current, next.type)
        .map(c ->
            Objects.equals(c.status, next.status)
                && Objects.equals(c.reason, next.reason)
                && Objects.equals(c.message, next.message))
        .orElse(false);
  }

  private static Condition copy(Condition c) {
    Condition copy = of(c.type, c.status, c.reason, c.message);
    copy.lastTransitionTime = c.lastTransitionTime;
    return copy;
  }
}
