package dev.relais.operator.api;

/** Patterns shared by the CRD schemas for names and times. */
final class Names {

  /** A Kubernetes object name (RFC 1123 subdomain). */
  static final String RESOURCE_NAME = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  /** An RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00+01:00 or ...Z. */
  static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$";

  private Names() {}
}
