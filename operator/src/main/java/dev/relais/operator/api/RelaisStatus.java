package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Status fields every Relais resource carries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class RelaisStatus {

  /** JSONPath of the Ready condition's status, for the Ready printer column of every kind. */
  public static final String READY_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

  /** Description of the Ready printer column. */
  public static final String READY_DESCRIPTION = "Status of the Ready condition";

  /** JSONPath of the Age printer column (kubectl shows no Age once a kind has its own columns). */
  public static final String AGE_PATH = ".metadata.creationTimestamp";

  /** Category of every Relais kind: {@code kubectl get relais} lists them all. */
  public static final String CATEGORY = "relais";

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Current conditions (Kubernetes convention); Ready is always present once reconciled.")
  public List<Condition> conditions = new ArrayList<>();
}
