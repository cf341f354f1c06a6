package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's namespace; the operator passes it on, never reads it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {

  /** Name of the Secret. */
  @Required public String name;

  /** Key within the Secret. */
  @Required public String key;
}
