package dev.relais.scheduler.compliance;

import java.util.Map;
import java.util.TreeMap;

/** The compliance policies a campaign can name, by name. */
public final class PolicyRegistry {

  private final Map<String, CompliancePolicy> byName = new TreeMap<>();

  /** The built-in policies: {@code transactional} and {@code fr-marketing}. */
  public static PolicyRegistry standard() {
    return new PolicyRegistry()
        .register(new TransactionalPolicy())
        .register(new FrenchMarketingPolicy());
  }

  /**
   * The built-in policies plus those declared in configuration, separated by ';' (see {@link
   * WeeklyWindowPolicy} for the syntax); a declared policy may not replace a built-in one.
   *
   * @throws IllegalArgumentException when a declaration is malformed or takes a built-in name
   */
  public static PolicyRegistry withDeclared(String declarations) {
    PolicyRegistry registry = standard();
    if (declarations == null || declarations.isBlank()) {
      return registry;
    }
    for (String declaration : declarations.split(";")) {
      if (declaration.isBlank()) {
        continue;
      }
      WeeklyWindowPolicy policy = WeeklyWindowPolicy.parse(declaration);
      if (registry.byName.containsKey(policy.name())) {
        throw new IllegalArgumentException(
            "policy " + policy.name() + " is already defined; choose another name");
      }
      registry.register(policy);
    }
    return registry;
  }

  public PolicyRegistry register(CompliancePolicy policy) {
    byName.put(policy.name(), policy);
    return this;
  }

  /**
   * The policy a campaign names; an empty name picks {@code fr-marketing} for marketing and {@code
   * transactional} otherwise.
   *
   * @throws IllegalArgumentException naming the known policies when the name is unknown, or when a
   *     marketing campaign names a policy meant for transactional messages only
   */
  public CompliancePolicy resolve(String name, boolean marketing) {
    String wanted =
        name == null || name.isBlank()
            ? (marketing ? FrenchMarketingPolicy.NAME : TransactionalPolicy.NAME)
            : name.strip();
    CompliancePolicy policy = byName.get(wanted);
    if (policy == null) {
      throw new IllegalArgumentException(
          "unknown compliance policy '"
              + wanted
              + "'; known policies: "
              + String.join(", ", byName.keySet()));
    }
    if (marketing && !policy.allowsMarketing()) {
      throw new IllegalArgumentException(
          "compliance policy '"
              + wanted
              + "' is for transactional messages; a marketing campaign needs a marketing policy such as "
              + FrenchMarketingPolicy.NAME);
    }
    return policy;
  }
}
