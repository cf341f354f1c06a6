package dev.relais.operator.reconciler;

import dev.relais.operator.api.Condition;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.SenderIdValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;

/** Validates SenderIds and reports them Ready with the registered value, or why not. */
@ControllerConfiguration(name = "senderid")
public class SenderIdReconciler implements Reconciler<SenderId> {

  /** Reason of a Ready=False condition caused by the spec itself. */
  public static final String INVALID_SPEC = "InvalidSpec";

  private final Clock clock;

  public SenderIdReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<SenderId> reconcile(SenderId sender, Context<SenderId> context) {
    SenderId.Status current = sender.getStatus();
    List<String> problems = SenderIdValidator.problems(sender.getSpec());
    Condition ready =
        problems.isEmpty()
            ? Conditions.ready("Registered", "sender " + sender.getSpec().value + " may be used")
            : Conditions.notReady(INVALID_SPEC, String.join("; ", problems));

    SenderId.Status next = new SenderId.Status();
    next.observedGeneration = sender.getMetadata().getGeneration();
    next.registered = problems.isEmpty() ? sender.getSpec().value.strip() : null;
    next.conditions =
        Conditions.merge(current == null ? null : current.conditions, ready, clock.instant());
    if (StatusUpdates.same(current, next)) {
      return UpdateControl.noUpdate();
    }
    if (!problems.isEmpty()
        && (current == null || !Conditions.unchanged(current.conditions, ready))) {
      // Once per new problem, not on every resync.
      ResourceEvents.warning(context.getClient(), sender, INVALID_SPEC, ready.message);
    }
    return UpdateControl.patchStatus(StatusUpdates.minimal(sender, SenderId::new, next));
  }
}
