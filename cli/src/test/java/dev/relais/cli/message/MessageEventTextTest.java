package dev.relais.cli.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.dispatch.submit.SubmitStatus;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import org.junit.jupiter.api.Test;

class MessageEventTextTest {

  @Test
  void theCodesExplainedAreDispatchs() {
    assertThat(MessageEventText.NO_RESPONSE).isEqualTo(SubmitStatus.NO_RESPONSE);
    assertThat(MessageEventText.INVALID_MESSAGE).isEqualTo(SubmitStatus.INVALID_MESSAGE);
    assertThat(MessageEventText.OPTED_OUT).isEqualTo(SubmitStatus.OPTED_OUT);
  }

  @Test
  void anExpiryOfAnOptedOutNumberIsASuppression() {
    MessageEvent expired = event(EventType.EVENT_TYPE_EXPIRED, 0);
    MessageEvent suppressed = event(EventType.EVENT_TYPE_EXPIRED, SubmitStatus.OPTED_OUT);

    assertThat(MessageEventText.line(expired)).contains("expired", "validity ended");
    assertThat(MessageEventText.line(suppressed)).contains("suppressed", "opted out or was erased");
  }

  @Test
  void aRefusalShowsTheSmppStatusInHex() {
    assertThat(MessageEventText.line(event(EventType.EVENT_TYPE_SUBMIT_FAILED, 0x0B)))
        .startsWith("2026-03-02T09:00:00Z")
        .contains("submit failed", "command_status 0x0000000B", "route orange");
  }

  private static MessageEvent event(EventType type, int errorCode) {
    return MessageEvent.newBuilder()
        .setType(type)
        .setErrorCode(errorCode)
        .setRoute("orange")
        .setOccurredAt(Timestamp.newBuilder().setSeconds(1_772_442_000L))
        .build();
  }
}
