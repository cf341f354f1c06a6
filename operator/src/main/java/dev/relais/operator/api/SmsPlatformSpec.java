package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Desired state of an SmsPlatform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SmsPlatformSpec {

  /** A Kubernetes resource quantity such as 500m, 1, 512Mi or 2Gi. */
  static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$";

  @JsonPropertyDescription("Cassandra the services store their data in.")
  @Required
  public Cassandra cassandra;

  @JsonPropertyDescription(
      "Image repository prefix of the services, without tag: each service runs"
          + " <image>-<service>:<version>, e.g. ghcr.io/relais-dev/relais-contacts:0.1.0.")
  @Pattern("^[a-z0-9][a-z0-9./_:-]*[a-z0-9]$")
  @Default("ghcr.io/relais-dev/relais")
  public String image = "ghcr.io/relais-dev/relais";

  @JsonPropertyDescription("Version (image tag) of the services, e.g. 0.1.0.")
  @Required
  @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
  public String version;

  @JsonPropertyDescription("Contacts service settings.")
  public ServiceSpec contacts;

  @JsonPropertyDescription("Scheduler service settings.")
  public ServiceSpec scheduler;

  @JsonPropertyDescription("Analytics service settings.")
  public ServiceSpec analytics;

  @JsonPropertyDescription("Trace export.")
  public Telemetry telemetry;

  @JsonPropertyDescription("Base URL of tracked short links, e.g. https://r.example.fr.")
  @Pattern("^https?://.+")
  public String linkTrackingBaseUrl;

  @JsonPropertyDescription(
      "Secret key holding the contacts privacy key (PRIVACY_KEY): the key of the hashes that keep"
          + " an erased number that had opted out suppressed. Keep it stable: a new key forgets"
          + " those suppressions. Without it contacts refuses to start. The contacts pods read it"
          + " through secretKeyRef, the operator never does.")
  public SecretKeyRef privacyKeySecretRef;

  /** Cassandra connection. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!has(self.tlsTrust) || (has(self.tls) && self.tls)",
      message = "cassandra.tlsTrust needs cassandra.tls: true")
  @ValidationRule(
      value =
          "!has(self.replication) || !has(self.replication.datacenters)"
              + " || (has(self.datacenter) ? self.datacenter : 'datacenter1')"
              + " in self.replication.datacenters",
      message =
          "cassandra.replication.datacenters must include the local datacenter"
              + " (cassandra.datacenter): the services read and write at LOCAL_QUORUM there")
  public static class Cassandra {

    @JsonPropertyDescription("Contact points as host or host:port, e.g. cassandra.db:9042.")
    @Required
    @Size(min = 1)
    public List<@Pattern("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$") String> contactPoints =
        new ArrayList<>();

    @JsonPropertyDescription("Local datacenter name.")
    @Pattern(Replication.DATACENTER)
    @Default("datacenter1")
    public String datacenter = "datacenter1";

    @JsonPropertyDescription("Prefix of the keyspaces the services create (relais_contacts, ...).")
    @Pattern("^[a-z][a-z0-9_]{0,30}$")
    @Default("relais")
    public String keyspacePrefix = "relais";

    @JsonPropertyDescription(
        "Replication of the services' keyspaces. Without it: NetworkTopologyStrategy with 3"
            + " copies in the local datacenter. Applied when a keyspace is created; a service"
            + " whose keyspace exists with another replication does not start and logs the"
            + " ALTER KEYSPACE and nodetool repair to run.")
    public Replication replication;

    @JsonPropertyDescription(
        "Name of a Secret with \"username\" and \"password\" keys, when authentication is"
            + " on; the services read it through secretKeyRef, the operator never does.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    public String credentialsSecretRef;

    @JsonPropertyDescription(
        "Connect with TLS (client_encryption_options on the nodes); each node's certificate must"
            + " chain to a trusted CA and name the address the node advertises (an IP SAN).")
    @Default("false")
    public Boolean tls = false;

    @JsonPropertyDescription(
        "CA certificates (PEM) the nodes' certificates must chain to, for a private CA; without"
            + " it the images' default CAs are trusted. Needs tls: true.")
    public TlsTrust tlsTrust;
  }

  /** Replication of the keyspaces, from parts the services render into CQL themselves. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "self.strategy == 'SimpleStrategy'"
              + " ? (has(self.factor) && !has(self.datacenters))"
              + " : (has(self.datacenters) && !has(self.factor))",
      message =
          "SimpleStrategy takes factor, NetworkTopologyStrategy takes datacenters (name: factor)")
  public static class Replication {

    /** A datacenter name as the snitches form them. */
    public static final String DATACENTER = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

    @JsonPropertyDescription(
        "NetworkTopologyStrategy for a cluster, SimpleStrategy for a single test node.")
    @Required
    @Pattern("^(SimpleStrategy|NetworkTopologyStrategy)$")
    public String strategy;

    @JsonPropertyDescription("Copies of each row, with SimpleStrategy.")
    @Min(1)
    @Max(99)
    public Integer factor;

    @JsonPropertyDescription(
        "Copies of each row per datacenter, with NetworkTopologyStrategy, e.g. {dc1: 3}."
            + " Datacenter names are letters, digits, _ . -; the operator refuses others.")
    @Size(min = 1, max = 16)
    public Map<String, @Min(1) @Max(99) Integer> datacenters;
  }

  /** Replicas and resources of one service. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServiceSpec {

    @JsonPropertyDescription("Replicas of the service.")
    @Min(0)
    @Max(100)
    @Default("1")
    public Integer replicas = 1;

    @JsonPropertyDescription("CPU request, e.g. \"500m\".")
    @Pattern(QUANTITY)
    public String cpu;

    @JsonPropertyDescription("Memory request and limit, e.g. \"512Mi\".")
    @Pattern(QUANTITY)
    public String memory;
  }

  /** OpenTelemetry settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Telemetry {

    @JsonPropertyDescription("OTLP/HTTP endpoint, e.g. http://otel-collector:4318.")
    @Pattern("^https?://.+")
    public String otlpEndpoint;

    @JsonPropertyDescription("Share of traces kept, 0 to 1 (decimal string).")
    @Pattern("^(0(\\.[0-9]+)?|1(\\.0+)?)$")
    @Default("1.0")
    public String sampling = "1.0";
  }
}
