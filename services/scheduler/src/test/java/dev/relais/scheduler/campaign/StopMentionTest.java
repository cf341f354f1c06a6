package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopMentionTest {

  @Test
  void goesAfterASpace() {
    assertThat(StopMention.appended("Soldes -20%", "STOP 36111"))
        .isEqualTo("Soldes -20% STOP 36111");
  }

  @Test
  void followsATrailingBlankDirectly() {
    assertThat(StopMention.appended("Soldes -20%\n", "STOP 36111"))
        .isEqualTo("Soldes -20%\nSTOP 36111");
    assertThat(StopMention.appended("", "STOP 36111")).isEqualTo("STOP 36111");
  }

  @Test
  void anEmptyMentionLeavesTheTextAsItIs() {
    assertThat(StopMention.appended("Votre code : 1234", "")).isEqualTo("Votre code : 1234");
  }
}
