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
