package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** Status fields every Relais resource carries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class RelaisStatus {

  /** The metadata.generation this status describes. */
  public Long observedGeneration;

  /** Current conditions; Ready is always present once reconciled. */
  public List<Condition> conditions = new ArrayList<>();
}
