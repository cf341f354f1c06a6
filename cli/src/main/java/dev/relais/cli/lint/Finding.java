package dev.relais.cli.lint;

import java.nio.file.Path;

/**
 * One thing the lint found in one document.
 *
 * @param file the file, as the user named it or as it was found under a directory
 * @param document position of the document in the file, from 1 (0: the file as a whole)
 * @param kind the document's kind, empty when unknown
 * @param name its metadata.name, empty when unknown
 * @param field dotted path of the field concerned, empty for the document as a whole
 * @param severity whether the platform would refuse it or accept it
 * @param message what is wrong or surprising, and what follows from it
 */
public record Finding(
    Path file,
    int document,
    String kind,
    String name,
    String field,
    Severity severity,
    String message) {

  /** What the platform would do with the document. */
  public enum Severity {
    /** The platform would refuse it (API server, operator or scheduler). */
    ERROR,
    /** The platform would accept it, but it may behave otherwise than its author expects. */
    WARNING;

    String word() {
      return this == ERROR ? "error" : "warning";
    }
  }

  /** The line a user reads: {@code file:document: kind/name: field: severity: message}. */
  public String line() {
    StringBuilder out = new StringBuilder().append(file).append(':').append(document).append(": ");
    if (!kind.isEmpty() || !name.isEmpty()) {
      out.append(kind.isEmpty() ? "?" : kind)
          .append('/')
          .append(name.isEmpty() ? "?" : name)
          .append(": ");
    }
    if (!field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(severity.word()).append(": ").append(message).toString();
  }
}
