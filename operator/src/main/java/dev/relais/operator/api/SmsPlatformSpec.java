package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

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
  public static class Cassandra {

    @JsonPropertyDescription("Contact points as host or host:port, e.g. cassandra.db:9042.")
    @Required
    @Size(min = 1)
    public List<@Pattern("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$") String> contactPoints =
        new ArrayList<>();

    @JsonPropertyDescription("Local datacenter name.")
    @Default("datacenter1")
    public String datacenter = "datacenter1";

    @JsonPropertyDescription("Prefix of the keyspaces the services create (relais_contacts, ...).")
    @Pattern("^[a-z][a-z0-9_]{0,30}$")
    @Default("relais")
    public String keyspacePrefix = "relais";

    @JsonPropertyDescription("Replication map for new keyspaces, in CQL.")
    public String replication;

    @JsonPropertyDescription(
        "Name of a Secret with \"username\" and \"password\" keys, when authentication is"
            + " on; the services read it through secretKeyRef, the operator never does.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    public String credentialsSecretRef;
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
