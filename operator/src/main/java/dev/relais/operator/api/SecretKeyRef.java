package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's namespace; the operator passes it on, never reads it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {

  @JsonPropertyDescription("Name of the Secret, in the resource's namespace.")
  @Required
  public String name;

  @JsonPropertyDescription("Key within the Secret.")
  @Required
  public String key;
}
