package dev.relais.operator.autoscale;

import java.util.Objects;

/**
 * The outcome of one autoscaling evaluation of a route: the replica count and per-replica TPS to
 * apply, why, and the state to pass to the next evaluation.
 *
 * <p>Apply a change of replicas or TPS in the order given by {@link ScalingPlan}, never both in one
 * Deployment update, so that the route's TPS sum never exceeds its maximum.
 *
 * @param replicas dispatch replicas the route should run
 * @param perReplicaTps TPS limit of each of those replicas ({@link
 *     DispatchReplicaCalculator#perReplicaTps}); for 0 replicas, the route maximum a first replica
 *     may take
 * @param change how {@code replicas} relates to the current count
 * @param desiredReplicas the count the queue asks for now, before the scale-up step limit and the
 *     scale-down stabilisation
 * @param reason one readable sentence for an Event or a condition message
 * @param state what to pass to the next evaluation of this route
 */
public record Decision(
    int replicas,
    int perReplicaTps,
    Change change,
    int desiredReplicas,
    String reason,
    ScalingState state) {

  /** How the decided replica count relates to the current one. */
  public enum Change {
    /** More replicas than now. */
    SCALE_UP,
    /** Fewer replicas than now. */
    SCALE_DOWN,
    /** The queue asks for fewer replicas, but the stabilisation window keeps the current count. */
    HELD,
    /** The queue asks for the current count. */
    STEADY
  }

  public Decision {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(state, "state");
  }
}
