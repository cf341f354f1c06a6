package dev.relais.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.links.v1.LinkRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkRequestValidatorTest {

  private static LinkRequest.Builder valid() {
    return LinkRequest.newBuilder()
        .setCampaignId("shop/spring")
        .setMessageId("m-1")
        .setContactKey("3f1c9a")
        .setTargetUrl("https://www.example.fr/soldes?utm_source=sms");
  }

  @Test
  void aCompleteLinkIsAccepted() {
    assertThat(LinkRequestValidator.problem(List.of(valid().build()))).isEmpty();
    assertThat(LinkRequestValidator.problem(List.of(valid().setContactKey("").build()))).isEmpty();
  }

  @Test
  void eachProblemIsNamedWithTheLinkItIsIn() {
    assertThat(
            LinkRequestValidator.problem(
                List.of(valid().build(), valid().setTargetUrl("www.example.fr").build())))
        .hasValue("link 1: target_url is not an absolute http(s) URL: www.example.fr");
    assertThat(LinkRequestValidator.problem(List.of(valid().setCampaignId("").build())))
        .hasValue("link 0: campaign_id is missing");
    assertThat(LinkRequestValidator.problem(List.of(valid().setMessageId("").build())))
        .hasValue("link 0: message_id is missing");
    assertThat(LinkRequestValidator.problem(List.of(valid().setTargetUrl("").build())))
        .hasValue("link 0: target_url is missing");
    assertThat(
            LinkRequestValidator.problem(
                List.of(valid().setTargetUrl("javascript:alert(1)").build())))
        .get()
        .asString()
        .contains("not an absolute http(s) URL");
    assertThat(
            LinkRequestValidator.problem(
                List.of(valid().setTargetUrl("https://x.fr/" + "a".repeat(2048)).build())))
        .hasValue("link 0: target_url is longer than 2048 characters");
  }

  @Test
  void aPhoneNumberIsNeverStoredAsContactKey() {
    assertThat(LinkRequestValidator.problem(List.of(valid().setContactKey("+33612345678").build())))
        .get()
        .asString()
        .contains("contact_key is a phone number");
  }

  @Test
  void aTargetAlreadyAcceptedInTheCallStillLeavesTheOtherFieldsChecked() {
    assertThat(
            LinkRequestValidator.problem(
                List.of(
                    valid().build(),
                    valid().setMessageId("m-2").build(),
                    valid().setMessageId("").build())))
        .hasValue("link 2: message_id is missing");
    assertThat(
            LinkRequestValidator.problem(
                List.of(
                    valid().build(),
                    valid().setTargetUrl("https://www.example.fr/b").build(),
                    valid().setTargetUrl("ftp://www.example.fr/b").build())))
        .hasValueSatisfying(problem -> assertThat(problem).startsWith("link 2: target_url"));
  }

  @Test
  void aBatchHoldsOneToAThousandLinks() {
    assertThat(LinkRequestValidator.problem(List.of())).hasValue("no links to create");
    assertThat(LinkRequestValidator.problem(Collections.nCopies(1000, valid().build()))).isEmpty();
    assertThat(LinkRequestValidator.problem(Collections.nCopies(1001, valid().build())))
        .hasValue("1001 links in one call; at most 1000");
  }
}
