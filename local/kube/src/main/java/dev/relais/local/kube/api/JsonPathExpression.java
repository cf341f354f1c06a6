package dev.relais.local.kube.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code ['a.b']}, {@code
 * [0]}, {@code [*]}, {@code ..} is not supported, and filters {@code [?(@.type=="Ready")]} with
 * {@code ==}, {@code !=} or a bare path (exists).
 */
final class JsonPathExpression {

  private sealed interface Step permits Field, Index, All, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record All() implements Step {}

  private record Filter(List<Step> path, String operator, String value) implements Step {}

  private final String source;
  private final List<Step> steps;

  private JsonPathExpression(String source, List<Step> steps) {
    this.source = source;
    this.steps = steps;
  }

  /** Parses {@code expression}, with or without the surrounding braces. */
  static JsonPathExpression parse(String expression) {
    String text = expression.trim();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    return new JsonPathExpression(expression, parseSteps(text));
  }

  private static List<Step> parseSteps(String text) {
    List<Step> steps = new ArrayList<>();
    int i = text.startsWith("$") ? 1 : 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '.') {
          throw new IllegalArgumentException("recursive descent (..) is not supported: " + text);
        }
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        if (end > i + 1) {
          steps.add(new Field(text.substring(i + 1, end)));
        }
        i = end;
      } else if (c == '[') {
        int end = closing(text, i);
        String inside = text.substring(i + 1, end).trim();
        if (inside.equals("*")) {
          steps.add(new All());
        } else if (inside.startsWith("?(") && inside.endsWith(")")) {
          steps.add(filter(inside.substring(2, inside.length() - 1).trim()));
        } else if (inside.startsWith("'") || inside.startsWith("\"")) {
          steps.add(new Field(inside.substring(1, inside.length() - 1)));
        } else {
          steps.add(new Index(Integer.parseInt(inside)));
        }
        i = end + 1;
      } else {
        int end = i;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        steps.add(new Field(text.substring(i, end)));
        i = end;
      }
    }
    return List.copyOf(steps);
  }

  private static int closing(String text, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '[') {
        depth++;
      } else if (!quoted && c == ']' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed [ in " + text);
  }

  private static Filter filter(String condition) {
    for (String operator : List.of("==", "!=")) {
      int at = condition.indexOf(operator);
      if (at > 0) {
        String left = condition.substring(0, at).trim();
        String right = condition.substring(at + 2).trim();
        if (right.length() >= 2 && (right.startsWith("\"") || right.startsWith("'"))) {
          right = right.substring(1, right.length() - 1);
        }
        return new Filter(relative(left), operator, right);
      }
    }
    return new Filter(relative(condition), "exists", null);
  }

  private static List<Step> relative(String path) {
    if (!path.startsWith("@")) {
      throw new IllegalArgumentException("a filter must start with @: " + path);
    }
    return parseSteps(path.substring(1));
  }

  /** Every value the expression selects in {@code root}, in document order. */
  List<JsonNode> evaluate(JsonNode root) {
    return evaluate(List.of(root), steps);
  }

  private static List<JsonNode> evaluate(List<JsonNode> current, List<Step> steps) {
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        switch (step) {
          case Field f -> {
            if (node.isObject() && node.has(f.name())) {
              next.add(node.get(f.name()));
            }
          }
          case Index x -> {
            if (node.isArray()) {
              int index = x.index() < 0 ? node.size() + x.index() : x.index();
              if (index >= 0 && index < node.size()) {
                next.add(node.get(index));
              }
            }
          }
          case All a -> node.elements().forEachRemaining(next::add);
          case Filter f -> {
            for (JsonNode element : node.isArray() ? node : List.of(node)) {
              if (matches(element, f)) {
                next.add(element);
              }
            }
          }
        }
      }
      current = next;
    }
    return current;
  }

  private static boolean matches(JsonNode element, Filter filter) {
    List<JsonNode> found = evaluate(List.of(element), filter.path());
    if (filter.operator().equals("exists")) {
      return !found.isEmpty();
    }
    boolean equal = !found.isEmpty() && Objects.equals(found.get(0).asText(), filter.value());
    return filter.operator().equals("==") == equal;
  }

  @Override
  public String toString() {
    return source;
  }
}
