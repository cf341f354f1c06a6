package dev.relais.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SenderIdReconcilerTest {

  private static final Instant FIRST = Instant.parse("2026-11-22T08:00:00Z");

  @Test
  void patchesAMinimalStatusObjectWithTheObservedGeneration() {
    SenderId sender = sender(4L);

    UpdateControl<SenderId> update = reconciler(FIRST).reconcile(sender, null);

    assertThat(update.isPatchStatus()).isTrue();
    assertThat(update.isPatchResource()).isFalse();
    SenderId patch = update.getResource().orElseThrow();
    assertThat(patch.getSpec()).isNull();
    assertThat(patch.getMetadata().getName()).isEqualTo("relais");
    assertThat(patch.getMetadata().getNamespace()).isEqualTo("sms");
    assertThat(patch.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(patch.getStatus().observedGeneration).isEqualTo(4L);
    assertThat(patch.getStatus().registered).isEqualTo("RELAIS");
    assertThat(patch.getStatus().conditions)
        .singleElement()
        .satisfies(c -> {
          assertThat(c.status).isEqualTo("True");
          assertThat(c.lastTransitionTime).isEqualTo("2026-11-22T08:00:00Z");
        });
  }

  @Test
  void anUnchangedStatusIsNotPatchedAgain() {
    SenderId sender = sender(4L);
    sender.setStatus(
        reconciler(FIRST).reconcile(sender, null).getResource().orElseThrow().getStatus());

    UpdateControl<SenderId> later = reconciler(FIRST.plusSeconds(3600)).reconcile(sender, null);

    assertThat(later.isNoUpdate()).isTrue();
  }

  @Test
  void aNewGenerationIsObservedWithoutMovingTheTransitionTime() {
    SenderId sender = sender(4L);
    sender.setStatus(
        reconciler(FIRST).reconcile(sender, null).getResource().orElseThrow().getStatus());
    sender.getMetadata().setGeneration(5L);

    SenderId patch =
        reconciler(FIRST.plusSeconds(3600)).reconcile(sender, null).getResource().orElseThrow();

    assertThat(patch.getStatus().observedGeneration).isEqualTo(5L);
    assertThat(patch.getStatus().conditions.get(0).lastTransitionTime)
        .isEqualTo("2026-11-22T08:00:00Z");
  }

  private static SenderIdReconciler reconciler(Instant now) {
    return new SenderIdReconciler(Clock.fixed(now, ZoneOffset.UTC));
  }

  private static SenderId sender(long generation) {
    SenderId sender = new SenderId();
    sender.setMetadata(
        new ObjectMetaBuilder()
            .withName("relais")
            .withNamespace("sms")
            .withGeneration(generation)
            .addToLabels("team", "crm")
            .build());
    SenderIdSpec spec = new SenderIdSpec();
    spec.type = "alphanumeric";
    spec.value = "RELAIS";
    sender.setSpec(spec);
    return sender;
  }
}
