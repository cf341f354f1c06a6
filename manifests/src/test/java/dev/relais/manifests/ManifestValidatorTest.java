package dev.relais.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public face other modules use: the CRDs the jar carries, and one document at a time. */
class ManifestValidatorTest {

  private static final ManifestValidator BUNDLED = ManifestValidator.bundled();

  @Test
  void theBundledCrdsAreTheCommittedOnes() {
    CrdSchemas committed = CrdSchemas.fromDirectory(Path.of("../crds"));

    assertThat(BUNDLED.schemas().kinds())
        .containsExactlyInAnyOrder("SmsPlatform", "SmppRoute", "SenderId", "Segment", "Campaign")
        .containsExactlyInAnyOrderElementsOf(committed.kinds());
    for (String kind : committed.kinds()) {
      assertThat(BUNDLED.schemas().kind(kind).orElseThrow())
          .isEqualTo(committed.kind(kind).orElseThrow());
    }
  }

  @Test
  void aValidDocumentHasNoProblem() {
    assertThat(
            BUNDLED.problems(
                """
                apiVersion: relais.dev/v1alpha1
                kind: SenderId
                metadata: {name: acme, namespace: sms}
                spec: {type: alphanumeric, value: ACME, stopMention: STOP 36111}
                """))
        .isEmpty();
  }

  @Test
  void aMisspeltFieldIsNamedWithItsPath() {
    assertThat(
            BUNDLED.problems(
                """
                {"apiVersion": "relais.dev/v1alpha1", "kind": "Campaign",
                 "metadata": {"name": "typo"},
                 "spec": {"type": "marketing", "senderIdRef": "acme",
                          "audience": {"list": "customers"}, "template": "Hello",
                          "suspended": true}}
                """))
        .containsExactly(
            new ManifestProblem("spec.suspended", "is not a field: did you mean \"suspend\"?"));
  }

  @Test
  void aFieldNothingResemblesIsRefusedWithTheFieldsThereAre() {
    assertThat(
            BUNDLED.problems(
                """
                {"apiVersion": "relais.dev/v1alpha1", "kind": "Campaign",
                 "metadata": {"name": "typo"},
                 "spec": {"type": "marketing", "senderIdRef": "acme",
                          "audience": {"list": "customers"}, "template": "Hello",
                          "schedule": {"notBefore": "2030-05-04T09:00:00Z"}}}
                """))
        .containsExactly(
            new ManifestProblem(
                "spec.schedule.notBefore",
                "is not a field (misspelt, or misplaced?): spec.schedule has deadline, maxRate,"
                    + " start and timeZone"));
  }

  @Test
  void aCelRuleIsCheckedAfterTheSchema() {
    assertThat(
            BUNDLED.problems(
                """
                apiVersion: relais.dev/v1alpha1
                kind: SenderId
                metadata: {name: mobile}
                spec: {type: longnumber, value: "+33612345678"}
                """))
        .extracting(ManifestProblem::message)
        .contains(
            "mobile numbers of France and its overseas departments (+33 6/7, +590 690/691/709,"
                + " +594 694/709, +596 696/697/709, +262 692/693/639/709, 06, 07) are personal and"
                + " cannot be business senders");
  }

  @Test
  void aFileThatIsNoYamlFailsToReadWithWhereItBreaks(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: [unclosed\n");

    assertThatThrownBy(() -> ManifestValidator.documents(file))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("line: ");
  }

  @Test
  void textThatIsNoObjectIsRefusedAsSuch() {
    assertThatThrownBy(() -> BUNDLED.problems("- a\n- list"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a YAML or JSON object");
  }
}
