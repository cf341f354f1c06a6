package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Kubernetes-style status condition (type, status, reason, message, lastTransitionTime). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  @JsonPropertyDescription("Condition type, e.g. Ready, Completed, QuietHoursHold.")
  public String type;

  @JsonPropertyDescription("\"True\", \"False\" or \"Unknown\".")
  public String status;

  @JsonPropertyDescription("Machine-readable reason in CamelCase, e.g. InvalidSpec.")
  public String reason;

  @JsonPropertyDescription("Human-readable explanation.")
  public String message;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;
}
