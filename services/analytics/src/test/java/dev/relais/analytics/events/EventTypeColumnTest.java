package dev.relais.analytics.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.analytics.v1.EventType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventTypeColumnTest {

  @Test
  void everyRecordableTypeRoundTrips() {
    Arrays.stream(EventType.values())
        .filter(EventTypeColumn::isRecordable)
        .forEach(type ->
            assertThat(EventTypeColumn.fromColumn(EventTypeColumn.toColumn(type))).contains(type));
    assertThat(EventTypeColumn.toColumn(EventType.EVENT_TYPE_OPTED_OUT)).isEqualTo("OPTED_OUT");
  }

  @Test
  void unknownColumnValuesAreSkippedNotFatal() {
    assertThat(EventTypeColumn.fromColumn("CLICKED")).isEmpty();
    assertThat(EventTypeColumn.fromColumn("UNSPECIFIED")).isEmpty();
    assertThat(EventTypeColumn.fromColumn("")).isEmpty();
    assertThat(EventTypeColumn.fromColumn(null)).isEmpty();
  }

  @Test
  void unspecifiedIsNotRecordable() {
    assertThat(EventTypeColumn.isRecordable(EventType.EVENT_TYPE_UNSPECIFIED)).isFalse();
    assertThat(EventTypeColumn.isRecordable(EventType.UNRECOGNIZED)).isFalse();
    assertThatThrownBy(() -> EventTypeColumn.toColumn(EventType.EVENT_TYPE_UNSPECIFIED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
