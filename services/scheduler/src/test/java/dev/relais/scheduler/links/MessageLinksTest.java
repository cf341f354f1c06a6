package dev.relais.scheduler.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.scheduler.template.LinkShape;
import dev.relais.sms.text.SmsParts;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageLinksTest {

  private static final LinkShape SHAPE = new LinkShape("https://r.example.fr", 12);

  @Test
  void standInsAreReplacedInOrderKeepingLengthAndParts() {
    String composed =
        "Marie, -20% : " + SHAPE.standIn(0) + " CGV " + SHAPE.standIn(1) + " STOP 36111";
    String sent =
        MessageLinks.replace(
            composed,
            SHAPE,
            List.of("https://r.example.fr/AbCdEf012345", "https://r.example.fr/ZyXwVu987654"));

    assertThat(sent)
        .isEqualTo(
            "Marie, -20% : https://r.example.fr/AbCdEf012345 CGV"
                + " https://r.example.fr/ZyXwVu987654 STOP 36111");
    assertThat(sent).hasSameSizeAs(composed);
    assertThat(SmsParts.of(sent).parts()).isEqualTo(SmsParts.of(composed).parts());
    assertThat(SmsParts.of(sent).encoding()).isEqualTo(SmsParts.of(composed).encoding());
  }

  @Test
  void aLinkOfAnotherLengthIsRefusedRatherThanSentWithWrongParts() {
    assertThatThrownBy(() ->
            MessageLinks.replace(
                "Voir " + SHAPE.standIn(0), SHAPE, List.of("https://other.example/AbCdEf012345")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no longer 33 characters");
  }
}
