package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code involvedObject.name=x,type!=Normal}). The CRUD store matches {@code
 * metadata.name} and {@code metadata.namespace} itself; every other term is matched here on the
 * object's field, as the API server does for the fields it indexes (kubectl describe finds Events
 * by {@code involvedObject.*}).
 */
record FieldSelector(List<Term> stored, List<Term> filterTerms) {

  record Term(String field, boolean equal, String value) {
    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String part : field.split("\\.")) {
        node = node.path(part);
      }
      String actual = node.isValueNode() ? node.asText() : "";
      return actual.equals(value) == equal;
    }

    @Override
    public String toString() {
      return field + (equal ? "=" : "!=") + value;
    }
  }

  static FieldSelector parse(String selector) {
    List<Term> store = new ArrayList<>();
    List<Term> filter = new ArrayList<>();
    if (selector != null && !selector.isBlank()) {
      for (String requirement : selector.split(",")) {
        Term term = term(requirement.trim());
        if (term.field().equals("metadata.name") || term.field().equals("metadata.namespace")) {
          store.add(term);
        } else {
          filter.add(term);
        }
      }
    }
    return new FieldSelector(List.copyOf(store), List.copyOf(filter));
  }

  private static Term term(String requirement) {
    int not = requirement.indexOf("!=");
    if (not > 0) {
      return new Term(requirement.substring(0, not), false, requirement.substring(not + 2));
    }
    int eq = requirement.indexOf("==");
    if (eq > 0) {
      return new Term(requirement.substring(0, eq), true, requirement.substring(eq + 2));
    }
    eq = requirement.indexOf('=');
    if (eq > 0) {
      return new Term(requirement.substring(0, eq), true, requirement.substring(eq + 1));
    }
    throw new IllegalArgumentException("invalid field selector requirement: " + requirement);
  }

  /** The terms for the store, as a selector; null when none. */
  String storeTerms() {
    if (stored.isEmpty()) {
      return null;
    }
    return String.join(",", stored.stream().map(Term::toString).toList());
  }

  boolean matches(JsonNode object) {
    return filterTerms.stream().allMatch(t -> t.matches(object));
  }

  List<JsonNode> keep(JsonNode items) {
    List<JsonNode> kept = new ArrayList<>();
    items.forEach(item -> {
      if (matches(item)) {
        kept.add(item);
      }
    });
    return kept;
  }
}
