package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an SmsPlatform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SmsPlatformSpec {

  /** Cassandra the services store their data in. */
  @Required public Cassandra cassandra;

  /** Container image of the services, without tag. */
  @Default("ghcr.io/relais-dev/relais")
  public String image = "ghcr.io/relais-dev/relais";

  /** Version (image tag) of the services. */
  @Required public String version;

  /** Contacts service settings. */
  public ServiceSpec contacts;

  /** Scheduler service settings. */
  public ServiceSpec scheduler;

  /** Analytics service settings. */
  public ServiceSpec analytics;

  /** Trace export. */
  public Telemetry telemetry;

  /** Base URL of tracked short links, e.g. https://r.example.fr. */
  @Pattern("^https?://.+")
  public String linkTrackingBaseUrl;

  /** Cassandra connection. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Cassandra {

    /** Contact points as host:port. */
    @Required public List<String> contactPoints = new ArrayList<>();

    /** Local datacenter name. */
    @Default("datacenter1")
    public String datacenter = "datacenter1";

    /** Prefix of the keyspaces the services create (relais_contacts, ...). */
    @Pattern("^[a-z][a-z0-9_]{0,30}$")
    @Default("relais")
    public String keyspacePrefix = "relais";

    /** Replication map for new keyspaces, in CQL. */
    public String replication;

    /** Secret with "username" and "password" keys, when authentication is on. */
    public String credentialsSecretRef;
  }

  /** Replicas and resources of one service. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServiceSpec {

    /** Replicas of the service. */
    @Min(0)
    @Max(100)
    @Default("1")
    public Integer replicas = 1;

    /** CPU request, e.g. "500m". */
    public String cpu;

    /** Memory request and limit, e.g. "512Mi". */
    public String memory;
  }

  /** OpenTelemetry settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Telemetry {

    /** OTLP/HTTP endpoint, e.g. http://otel-collector:4318. */
    public String otlpEndpoint;

    /** Share of traces kept, 0 to 1 (decimal string). */
    @Pattern("^(0(\\.[0-9]+)?|1(\\.0+)?)$")
    @Default("1.0")
    public String sampling = "1.0";
  }
}
