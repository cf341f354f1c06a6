package dev.relais.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the x-kubernetes-validations (CEL) rules of a schema against an object, as the API
 * server does after defaulting: the same rule text, run by the CEL reference implementation.
 */
final class CelRules {

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  /** Compiling is the slow part; a CRD has a handful of rules. */
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /** Problems of {@code value} (already defaulted) under {@code schema}, at {@code path}. */
  static List<ManifestProblem> check(JsonNode schema, JsonNode value, String path) {
    List<ManifestProblem> problems = new ArrayList<>();
    walk(schema, value, path, problems);
    return problems;
  }

  private static void walk(
      JsonNode schema, JsonNode value, String path, List<ManifestProblem> problems) {
    if (schema == null || value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      if (!holds(expression, value)) {
        problems.add(
            new ManifestProblem(path, rule.path("message").asText("failed rule: " + expression)));
      }
    }
    if (value.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode child = schema.path("properties").get(field.getKey());
        if (child == null && schema.get("additionalProperties") != null) {
          child = schema.get("additionalProperties");
        }
        walk(child, field.getValue(), join(path, field.getKey()), problems);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  private static boolean holds(String expression, JsonNode value) {
    try {
      return Boolean.TRUE.equals(program(expression).eval(Map.of("self", toCel(value))));
    } catch (CelEvaluationException e) {
      // The API server reports an evaluation error as a failed validation too.
      return false;
    }
  }

  private static CelRuntime.Program program(String expression) {
    return PROGRAMS.computeIfAbsent(
        expression,
        rule -> {
          try {
            return RUNTIME.createProgram(COMPILER.compile(rule).getAst());
          } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("the CRD rule does not compile: " + rule, e);
          }
        });
  }

  /** JSON as CEL sees it: maps, lists, int64 integers, doubles, strings, booleans. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
