package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** CPU and memory of the pods the operator runs for a resource; defaults when unset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodResources {

  @JsonPropertyDescription("CPU request, e.g. \"500m\"; 250m when unset. No CPU limit is set.")
  @Pattern(SmsPlatformSpec.QUANTITY)
  public String cpu;

  @JsonPropertyDescription("Memory request and limit, e.g. \"768Mi\"; 512Mi when unset.")
  @Pattern(SmsPlatformSpec.QUANTITY)
  public String memory;
}
