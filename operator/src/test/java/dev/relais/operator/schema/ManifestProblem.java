package dev.relais.operator.schema;

/**
 * One reason a manifest would be refused, as a user reads it.
 *
 * @param field dotted path of the field, e.g. spec.autoscaling.minReplicas
 * @param message what is wrong with it
 */
record ManifestProblem(String field, String message) {

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
