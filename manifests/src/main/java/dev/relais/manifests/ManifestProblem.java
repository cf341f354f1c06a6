package dev.relais.manifests;

/**
 * One reason a manifest would be refused, as a user reads it.
 *
 * @param field dotted path of the field, e.g. spec.autoscaling.minReplicas (empty for the whole
 *     document)
 * @param message what is wrong with it
 */
public record ManifestProblem(String field, String message) {

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
