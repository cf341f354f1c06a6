package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeChunkTest {

  private static final Instant DUE = Instant.parse("2026-11-23T09:00:00Z");

  @Test
  void answersComeBackAsWrittenInOrder() {
    List<OutcomeChunk.Entry> entries =
        List.of(
            new OutcomeChunk.Entry(
                TimeUuids.at(DUE), new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "0a1F", 2, 0)),
            new OutcomeChunk.Entry(
                TimeUuids.at(DUE), new PriorAttempt(PriorAttempt.Kind.FAILED, "", 1, 0x0b)),
            new OutcomeChunk.Entry(
                TimeUuids.at(DUE.plusMillis(3)),
                new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "é-ü-42", 1, 0)));

    assertThat(OutcomeChunk.decode(OutcomeChunk.encode(entries))).isEqualTo(entries);
  }

  @Test
  void aChunkOfAnotherFormatVersionGivesNoAnswers() {
    ByteBuffer chunk = OutcomeChunk.encode(List.of());
    chunk.put(0, (byte) 9);

    assertThat(OutcomeChunk.decode(chunk)).isEmpty();
  }

  @Test
  void aTruncatedChunkIsReportedCorrupt() {
    ByteBuffer whole =
        OutcomeChunk.encode(
            List.of(
                new OutcomeChunk.Entry(
                    TimeUuids.at(DUE), new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "1", 1, 0))));
    ByteBuffer truncated = whole.duplicate().limit(whole.limit() - 3);

    assertThatThrownBy(() -> OutcomeChunk.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void onlyAnAnswerIsLogged() {
    assertThatThrownBy(() -> new OutcomeChunk.Entry(TimeUuids.at(DUE), PriorAttempt.IN_DOUBT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
