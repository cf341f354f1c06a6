package dev.relais.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relais.manifests.CrdSchemas;
import dev.relais.manifests.ManifestProblem;
import dev.relais.manifests.ManifestValidator;
import dev.relais.sms.address.SenderIdRules;
import dev.relais.sms.address.SenderKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed SenderId CRD (its schema, then its CEL rules as the API server runs them) refuses
 * exactly the senders sms-rules' SenderIdRules refuses, the rules the operator and the scheduler
 * apply, and says why with the same words: one message per rule broken.
 */
class SenderIdCrdRulesTest {

  private static final ManifestValidator VALIDATOR =
      new ManifestValidator(CrdSchemas.fromDirectory(Path.of("../crds")));

  @ParameterizedTest(name = "{0} \"{1}\" valid: {2}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "alphanumeric, RELAIS, true",
        "alphanumeric, \"Acme Shop\", true",
        "alphanumeric, ACME2025ABC, true",
        "alphanumeric, 36ABC, true",
        "alphanumeric, A, true",
        "alphanumeric, \" RELAIS\", true",
        "alphanumeric, ACMESHOPPING, false",
        "alphanumeric, 12345, false",
        "alphanumeric, 123456789012, false",
        "alphanumeric, +33612345678, false",
        "alphanumeric, O'Sushi, false",
        "alphanumeric, Café, false",
        "alphanumeric, Shop-24, false",
        "alphanumeric, \"Shop&Co 123\", false",
        "alphanumeric, \"Café Crème du Coin\", false",
        "shortcode, 361, true",
        "shortcode, 36111, true",
        "shortcode, 33700, true",
        "shortcode, 12345678, true",
        "shortcode, 12, false",
        "shortcode, 123456789, false",
        "shortcode, 36A11, false",
        "shortcode, \"36 111\", false",
        "shortcode, +33612345678, false",
        "longnumber, +33159000000, true",
        "longnumber, +447700900123, true",
        "longnumber, +1234567, true",
        "longnumber, +123456789012345, true",
        "longnumber, +33612345678, false",
        "longnumber, +33712345678, false",
        "longnumber, \"+33 6 12 34 56 78\", false",
        "longnumber, 0159000000, false",
        "longnumber, +0159000000, false",
        "longnumber, +3315, false",
        "longnumber, +1234567890123456, false",
        "longnumber, 33612345678, false",
        "longnumber, RELAIS, false",
        "longnumber, 0612345678, false",
        "longnumber, \"06 12 34 56 78\", false",
        "longnumber, 0033159000000, false",
        "longnumber, \"+33 1 59 00 00 00\", false",
        "longnumber, +590690123456, false",
        "longnumber, +590 690123456, false",
        "longnumber, +590590123456, true",
        "longnumber, +594694201234, false",
        "longnumber, +596696123456, false",
        "longnumber, +262692123456, false",
        "longnumber, +262639012345, false",
        "longnumber, +262262123456, true",
        "shortcode, 0612345678, false",
        "alphanumeric, 0612345678, false"
      })
  void theCrdRefusesWhatTheSharedRulesRefuse(String type, String value, boolean valid) {
    SenderKind kind = SenderKind.named(type).orElseThrow();
    List<String> shared = SenderIdRules.brokenRules(kind, value);
    ManifestValidator.Result crd = VALIDATOR.validate(Path.of("table"), 1, senderId(type, value));

    assertThat(shared.isEmpty()).as("shared rules: %s", shared).isEqualTo(valid);
    assertThat(SenderIdRules.problems(kind, value)).hasSameSizeAs(shared);
    assertThat(crd.valid()).as(crd.toString()).isEqualTo(valid);
    assertThat(crd.problems())
        .extracting(ManifestProblem::message)
        .as(crd.toString())
        .containsExactlyInAnyOrderElementsOf(shared);
  }

  @ParameterizedTest(name = "{0} \"{1}\" with \"{2}\" valid: {3}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "alphanumeric, RELAIS, STOP, false",
        "alphanumeric, RELAIS, \"STOP SMS\", false",
        "alphanumeric, RELAIS, \"Promo 2027 STOP\", false",
        "alphanumeric, RELAIS, \"STOP 36111\", true",
        "alphanumeric, RELAIS, \"STOP au 36111\", true",
        "alphanumeric, RELAIS, \"Stop SMS au 36 111\", true",
        "alphanumeric, RELAIS, \"\", true",
        "shortcode, 36111, STOP, true",
        "longnumber, +33159000000, STOP, true"
      })
  void theCrdRefusesABareStopOnAnAlphanumericSenderAsTheSharedRuleDoes(
      String type, String value, String stopMention, boolean valid) {
    List<String> shared =
        SenderIdRules.stopMentionProblems(SenderKind.named(type).orElseThrow(), stopMention);
    ObjectNode document = senderId(type, value);
    ((ObjectNode) document.get("spec")).put("stopMention", stopMention);
    ManifestValidator.Result crd = VALIDATOR.validate(Path.of("table"), 1, document);

    assertThat(shared.isEmpty()).as("shared rule: %s", shared).isEqualTo(valid);
    assertThat(crd.problems())
        .extracting(ManifestProblem::message)
        .as(crd.toString())
        .containsExactlyInAnyOrderElementsOf(shared);
  }

  private static ObjectNode senderId(String type, String value) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.put("apiVersion", "relais.dev/v1alpha1").put("kind", "SenderId");
    document.putObject("metadata").put("name", "sender").put("namespace", "sms");
    document.putObject("spec").put("type", type).put("value", value);
    return document;
  }
}
