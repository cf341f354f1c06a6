package dev.relais.local.launcher;

import dev.relais.local.kube.ResourceValidator;
import dev.relais.manifests.ManifestValidator;
import java.util.List;
import java.util.Objects;

/**
 * The local API server's checks of relais.dev objects: the CRDs' structural schemas and CEL rules,
 * by the same validator as {@code relais lint}, so that {@code kubectl apply} of an invalid
 * manifest is refused here with the causes a cluster would print.
 */
final class CrdRulesValidator implements ResourceValidator {

  private final ManifestValidator validator;

  CrdRulesValidator(ManifestValidator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  @Override
  public List<Problem> validate(String objectJson) {
    return validator.problems(objectJson).stream()
        .map(p -> new Problem(p.field(), p.message()))
        .toList();
  }
}
