package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Kubernetes-style status condition (type, status, reason, message, lastTransitionTime). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  /** Condition type, e.g. Ready, Completed, QuietHoursHold, Throttled. */
  public String type;

  /** "True", "False" or "Unknown". */
  public String status;

  /** Machine-readable reason in CamelCase, e.g. InvalidSpec. */
  public String reason;

  /** Human-readable explanation. */
  public String message;

  /** When the status last changed (RFC 3339). */
  public String lastTransitionTime;
}
