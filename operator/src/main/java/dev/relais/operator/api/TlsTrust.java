package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where the CA certificates (PEM) a server's certificate must chain to are kept (an SMSC's for a
 * route, the Cassandra nodes' for a platform): a key of a ConfigMap (CA certificates are public) or
 * of a Secret. The operator passes the reference on to the pods as an environment variable and
 * never reads the value itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.configMapKeyRef) != has(self.secretKeyRef)",
    message = "tlsTrust names exactly one of configMapKeyRef or secretKeyRef")
public class TlsTrust {

  @JsonPropertyDescription("ConfigMap key holding the PEM CA certificates.")
  public ConfigMapKey configMapKeyRef;

  @JsonPropertyDescription("Secret key holding the PEM CA certificates.")
  public SecretKeyRef secretKeyRef;

  /** A key of a ConfigMap in the resource's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapKey {

    @JsonPropertyDescription("Name of the ConfigMap, in the resource's namespace.")
    @Required
    @Pattern(Names.RESOURCE_NAME)
    public String name;

    @JsonPropertyDescription("Key within the ConfigMap.")
    @Required
    @Pattern("^[-._a-zA-Z0-9]{1,253}$")
    public String key;
  }
}
