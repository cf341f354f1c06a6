package dev.relais.analytics.events;

import static dev.relais.analytics.events.Events.event;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_DELIVERED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_SUBMITTED;
import static dev.relais.proto.analytics.v1.EventType.EVENT_TYPE_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.analytics.v1.MessageEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatchValidatorTest {

  private static final MessageEvent GOOD = event("c1", "m1", EVENT_TYPE_SUBMITTED);

  @Test
  void acceptsAValidBatchAndAnEmptyOne() {
    assertThat(EventBatchValidator.problem(List.of(GOOD, event("c2", "m2", EVENT_TYPE_DELIVERED))))
        .isEmpty();
    assertThat(EventBatchValidator.problem(List.of())).isEmpty();
  }

  @Test
  void namesTheIndexAndFieldOfTheFirstBadEvent() {
    assertThat(EventBatchValidator.problem(List.of(GOOD, event("", "m2", EVENT_TYPE_SUBMITTED))))
        .contains("event 1: campaign_id is required");
    assertThat(
            EventBatchValidator.problem(List.of(GOOD, GOOD, event("c", " ", EVENT_TYPE_DELIVERED))))
        .contains("event 2: message_id is required");
    assertThat(EventBatchValidator.problem(List.of(event("c", "m", EVENT_TYPE_UNSPECIFIED), GOOD)))
        .contains("event 0: type is required");
  }

  @Test
  void reportsTheFirstProblemWhenSeveralEventsAreBad() {
    assertThat(
            EventBatchValidator.problem(
                List.of(
                    GOOD,
                    event("c", "", EVENT_TYPE_SUBMITTED),
                    event("", "m", EVENT_TYPE_SUBMITTED))))
        .contains("event 1: message_id is required");
  }

  @Test
  void refusesATypeNumberThisVersionDoesNotKnow() {
    MessageEvent future = GOOD.toBuilder().setTypeValue(42).build();
    assertThat(EventBatchValidator.problem(List.of(future))).contains("event 0: unknown type 42");
  }

  @Test
  void refusesNegativePartsAndOverlongIds() {
    assertThat(EventBatchValidator.problem(List.of(GOOD.toBuilder().setParts(-1).build())))
        .contains("event 0: parts must not be negative, got -1");
    String longId = "x".repeat(EventBatchValidator.MAX_ID_LENGTH + 1);
    assertThat(EventBatchValidator.problem(List.of(GOOD.toBuilder().setMessageId(longId).build())))
        .hasValueSatisfying(p -> assertThat(p).startsWith("event 0: "));
    assertThat(
            EventBatchValidator.problem(
                List.of(
                    GOOD.toBuilder()
                        .setMessageId("x".repeat(EventBatchValidator.MAX_ID_LENGTH))
                        .build())))
        .isEmpty();
  }

  @Test
  void refusesOversizedBatches() {
    List<MessageEvent> atLimit =
        new ArrayList<>(Collections.nCopies(EventBatchValidator.MAX_EVENTS, GOOD));
    assertThat(EventBatchValidator.problem(atLimit)).isEmpty();
    atLimit.add(GOOD);
    assertThat(EventBatchValidator.problem(atLimit))
        .hasValueSatisfying(p -> assertThat(p).startsWith("too many events in one batch: 10001"));
  }
}
