package dev.relais.cli.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One document the lint read, with what identifies it in findings.
 *
 * @param content the document, with its CRD's defaults filled in as the API server would
 * @param valid whether it passed the API server's checks (schema and CEL rules)
 */
record LintedDocument(
    Path file,
    int index,
    String kind,
    String name,
    String namespace,
    JsonNode content,
    boolean valid) {

  static String namespaceOf(JsonNode document) {
    return document.path("metadata").path("namespace").asText("default");
  }

  Finding finding(String field, Finding.Severity severity, String message) {
    return new Finding(file, index, kind, name, field, severity, message);
  }

  Finding error(String field, String message) {
    return finding(field, Finding.Severity.ERROR, message);
  }

  Finding warning(String field, String message) {
    return finding(field, Finding.Severity.WARNING, message);
  }
}
