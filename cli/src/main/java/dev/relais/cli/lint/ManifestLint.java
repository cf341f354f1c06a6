package dev.relais.cli.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.relais.manifests.ManifestProblem;
import dev.relais.manifests.ManifestValidator;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.SegmentValidator;
import dev.relais.operator.model.SenderIdValidator;
import dev.relais.operator.model.SmsPlatformValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks manifests offline with the rules the platform applies to them: the API server's (CRD
 * schema and CEL rules, from relais-manifests), then the operator's validators, then the
 * scheduler's, each called as the platform calls it, plus warnings for what the platform would
 * accept but treat otherwise than its author may expect.
 */
public final class ManifestLint {

  /**
   * What the lint found.
   *
   * @param documents every document read, in order (a JUnit report has one test case each)
   * @param findings errors first, then warnings, each in file and document order
   */
  public record Outcome(List<Checked> documents, List<Finding> findings) {

    public long errors() {
      return findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
    }

    public long warnings() {
      return findings.size() - errors();
    }
  }

  /** One document read: where it is and what it declares (a file that is no YAML: document 0). */
  public record Checked(Path file, int document, String kind, String name) {}

  /** API group of kustomization.yaml files, which may sit among the manifests. */
  static final String KUSTOMIZE = "kustomize.config.k8s.io/";

  private final ManifestValidator validator;
  private final CampaignChecks campaigns;

  /**
   * A lint with the scheduler's validator; {@code declaredPolicies} are the compliance policies
   * declared beyond the built-in ones and each namespace's SmsPlatform's (null for none).
   *
   * @throws IllegalArgumentException when {@code declaredPolicies} is malformed
   */
  public ManifestLint(ManifestValidator validator, String declaredPolicies, Clock clock) {
    this.validator = validator;
    this.campaigns = new CampaignChecks(declaredPolicies, clock);
  }

  /**
   * Lints {@code files} together: references between their documents are resolved among them.
   *
   * @throws IOException when a file cannot be read (a file that is not YAML is a finding instead)
   */
  public Outcome lint(List<Path> files) throws IOException {
    List<Checked> checked = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<LintedDocument> accepted = new ArrayList<>();
    for (Path file : files) {
      List<ManifestValidator.Document> documents;
      try {
        documents = ManifestValidator.documents(file);
      } catch (JsonProcessingException e) {
        checked.add(new Checked(file, 0, "", ""));
        findings.add(
            new Finding(
                file, 0, "", "", "", Finding.Severity.ERROR, "not valid YAML: " + yamlError(e)));
        continue;
      }
      for (ManifestValidator.Document document : documents) {
        JsonNode content = document.content();
        String kind = content.path("kind").asText("");
        String name = content.path("metadata").path("name").asText("");
        checked.add(new Checked(file, document.index(), kind, name));
        if (content.path("apiVersion").asText("").startsWith(KUSTOMIZE)) {
          continue; // Read by kustomize, never applied to the cluster.
        }
        ManifestValidator.Result result = validator.validate(file, document.index(), content);
        LintedDocument linted =
            new LintedDocument(
                file,
                document.index(),
                kind,
                name,
                LintedDocument.namespaceOf(content),
                validator.defaulted(content),
                result.valid());
        for (ManifestProblem problem : result.problems()) {
          findings.add(linted.error(problem.field(), problem.message()));
        }
        if (result.valid()) {
          accepted.add(linted);
        }
      }
    }
    findings.addAll(platformChecks(accepted));
    findings.sort(
        Comparator.comparing(Finding::severity)
            .thenComparingInt(f -> files.indexOf(f.file()))
            .thenComparingInt(Finding::document));
    return new Outcome(List.copyOf(checked), List.copyOf(findings));
  }

  /** The operator's and the scheduler's checks, on documents the API server would accept. */
  private List<Finding> platformChecks(List<LintedDocument> accepted) {
    LintedResources resources = new LintedResources();
    Map<LintedDocument, HasMetadata> typed = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (LintedDocument document : accepted) {
      try {
        Optional<HasMetadata> resource = LintedResources.read(document);
        resource.ifPresent(r -> {
          typed.put(document, r);
          resources.add(r);
        });
      } catch (RuntimeException e) {
        findings.add(document.error("", "the operator cannot read it: " + e.getMessage()));
      }
    }
    typed.forEach((document, resource) -> {
      try {
        switch (resource) {
          case SenderId sender ->
              errors(document, "spec", SenderIdValidator.problems(sender.getSpec()), findings);
          case Segment segment ->
              errors(document, "spec", SegmentValidator.problems(segment.getSpec()), findings);
          case SmsPlatform platform -> {
            errors(document, "spec", SmsPlatformValidator.problems(platform), findings);
            CampaignChecks.declaredPolicies(platform)
                .ifPresent(
                    problem -> findings.add(document.error("spec.compliance.policies", problem)));
          }
          case SmppRoute route -> RouteChecks.check(document, route, resources, findings);
          case Campaign campaign -> campaigns.check(document, campaign, resources, findings);
          default -> {}
        }
      } catch (RuntimeException e) {
        findings.add(document.error("", "the platform's checks fail on it: " + e));
      }
    });
    return findings;
  }

  private static void errors(
      LintedDocument document, String field, List<String> problems, List<Finding> findings) {
    problems.forEach(p -> findings.add(document.error(field, p)));
  }

  private static String yamlError(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return e.getOriginalMessage().lines().findFirst().orElse("") + where;
  }
}
