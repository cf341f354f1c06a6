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
 * apply, and says why with the same words.
 */
class SenderIdCrdRulesTest {

  private static final ManifestValidator VALIDATOR =
      new ManifestValidator(CrdSchemas.fromDirectory(Path.of("../crds")));

  /** What the CRD schema lets through to the CEL rules at all. */
  private static final String SCHEMA_VALUE = "[A-Za-z0-9 +]{1,16}";

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
        "longnumber, RELAIS, false"
      })
  void theCrdRefusesWhatTheSharedRulesRefuse(String type, String value, boolean valid) {
    List<String> shared = SenderIdRules.problems(SenderKind.named(type).orElseThrow(), value);
    ManifestValidator.Result crd = VALIDATOR.validate(Path.of("table"), 1, senderId(type, value));

    assertThat(shared.isEmpty()).as("shared rules: %s", shared).isEqualTo(valid);
    assertThat(crd.valid()).as(crd.toString()).isEqualTo(valid);
    if (value.matches(SCHEMA_VALUE)) {
      assertThat(crd.problems())
          .extracting(ManifestProblem::message)
          .as(crd.toString())
          .containsExactlyInAnyOrderElementsOf(shared);
    }
  }

  private static ObjectNode senderId(String type, String value) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document.put("apiVersion", "relais.dev/v1alpha1").put("kind", "SenderId");
    document.putObject("metadata").put("name", "sender").put("namespace", "sms");
    document.putObject("spec").put("type", type).put("value", value);
    return document;
  }
}
