package dev.relais.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;
import java.util.function.Supplier;

/** Status comparison and minimal status objects shared by the reconcilers. */
final class StatusUpdates {

  private StatusUpdates() {}

  /**
   * Whether two statuses hold the same values; the status classes have no equals, and comparing
   * their JSON is exactly what a patch would change.
   */
  static boolean same(Object current, Object next) {
    if (current == null || next == null) {
      return current == next;
    }
    return Objects.equals(Serialization.asJson(current), Serialization.asJson(next));
  }

  /**
   * A resource carrying only identity and the new status: with server-side apply the operator then
   * owns the status fields only, and never overwrites a spec it did not read.
   */
  static <S, R extends CustomResource<?, S>> R minimal(R current, Supplier<R> factory, S status) {
    R minimal = factory.get();
    minimal.setMetadata(
        new ObjectMetaBuilder()
            .withName(current.getMetadata().getName())
            .withNamespace(current.getMetadata().getNamespace())
            .build());
    minimal.setStatus(status);
    return minimal;
  }
}
