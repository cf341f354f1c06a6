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

  /**
   * An ISO-8601 duration as the services read it (java.time.Duration), e.g. PT30S, PT1H, P1095D;
   * the operator also refuses one with no amount, such as P.
   */
  public static final String DURATION =
      "^P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$";

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

  @JsonPropertyDescription(
      "Links service settings (tracked short links and their redirects); it runs only when"
          + " linkTrackingBaseUrl is set.")
  public LinksSpec links;

  @JsonPropertyDescription(
      "OpenTelemetry of the services: their pods get the standard OTEL_* variables from it.")
  public Telemetry telemetry;

  @JsonPropertyDescription(
      "Base URL of tracked short links, e.g. https://r.example.fr: the links service runs with it"
          + " (links.baseurl) and the scheduler and contacts are given its address. Route it to"
          + " the Service <platform>-links-redirect (port 80). Unset: no links service runs and"
          + " campaigns with tracked links are refused.")
  @Pattern("^https?://.+")
  public String linkTrackingBaseUrl;

  @JsonPropertyDescription(
      "NetworkPolicies of the platform's pods: each accepts connections only from the"
          + " components that call it (docs/operations.md).")
  public NetworkPolicies networkPolicies;

  @JsonPropertyDescription(
      "Compliance settings of the scheduler: declared sending windows and the velocity limit"
          + " against SMS pumping (docs/compliance.md).")
  public Compliance compliance;

  @JsonPropertyDescription(
      "How long contacts keeps a person without any sign of activity, and how often it purges"
          + " (docs/segments.md).")
  public Retention retention;

  @JsonPropertyDescription("Settings every dispatch process of the platform runs with.")
  public Dispatch dispatch;

  @JsonPropertyDescription(
      "Secret key holding the contacts privacy key (PRIVACY_KEY): the key of the hashes that keep"
          + " an erased number that had opted out suppressed. Keep it stable: a new key forgets"
          + " those suppressions. Without it contacts refuses to start. With linkTrackingBaseUrl,"
          + " the scheduler reads it too, to file each recipient's links under the same keyed"
          + " hash. The pods read it through secretKeyRef, the operator never does.")
  public SecretKeyRef privacyKeySecretRef;

  @JsonPropertyDescription(
      "Mutual TLS between the platform's components (docs/operations.md): each presents its"
          + " certificate, from the Secret <platform>-<component>-tls (keys tls.crt, tls.key,"
          + " ca.crt) mounted at /etc/relais/tls, and checks its callers'. Off when unset.")
  public Tls tls;

  /** The scheduler's compliance settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Compliance {

    @JsonPropertyDescription(
        "Weekly sending windows declared beyond the built-in policies (COMPLIANCE_POLICIES), one"
            + " per item: <name> <days> <hours> [holidays=FR] [marketing], e.g. \"be-marketing"
            + " MON-SAT 09:00-20:00 marketing\". A Campaign names one in spec.policy. A malformed"
            + " declaration stops the scheduler at start with a message naming the wrong part;"
            + " relais lint checks them offline.")
    @Size(max = 64)
    public List<@Pattern("^[^;]*[^;\\s][^;]*$") String> policies;

    @JsonPropertyDescription("The velocity limit against SMS pumping.")
    public Velocity velocity;
  }

  /** At most limit messages per window to one block of consecutive numbers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Velocity {

    @JsonPropertyDescription(
        "Messages allowed per window to one block of numbers (VELOCITY_LIMIT); 1000 when unset.")
    @Min(1)
    public Integer limit;

    @JsonPropertyDescription(
        "The window, an ISO-8601 duration (VELOCITY_WINDOW), e.g. PT1H; one hour when unset.")
    @Pattern(DURATION)
    public String window;

    @JsonPropertyDescription(
        "Trailing digits that make a block (VELOCITY_DIGITS): 4 groups 10,000 consecutive"
            + " numbers; 4 when unset.")
    @Min(1)
    @Max(8)
    public Integer digits;
  }

  /** Contacts' retention of inactive people. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Retention {

    @JsonPropertyDescription(
        "How long a contact without any sign of the person is kept, an ISO-8601 duration"
            + " (RETENTION_INACTIVE); P1095D (three years, the CNIL's reference for prospects) when"
            + " unset; P0D turns the purge off.")
    @Pattern(DURATION)
    public String inactive;

    @JsonPropertyDescription(
        "How often the purge runs (RETENTION_PERIOD), an ISO-8601 duration; PT24H when unset.")
    @Pattern(DURATION)
    public String period;

    @JsonPropertyDescription("Contacts erased per batch by the purge (RETENTION_BATCH); 500.")
    @Min(1)
    @Max(10000)
    public Integer batch;
  }

  /** Platform-wide dispatch settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Dispatch {

    @JsonPropertyDescription(
        "How often each dispatch process reads the opt-out log from contacts"
            + " (DISPATCH_OPTOUTPOLL), an ISO-8601 duration: an opt-out stops the next messages"
            + " within about this long; PT1S when unset.")
    @Pattern(DURATION)
    public String optOutPoll;
  }

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

    @JsonPropertyDescription("CPU request, e.g. \"500m\"; 250m when unset. No CPU limit is set.")
    @Pattern(QUANTITY)
    public String cpu;

    @JsonPropertyDescription("Memory request and limit, e.g. \"768Mi\"; 512Mi when unset.")
    @Pattern(QUANTITY)
    public String memory;
  }

  /** Replicas and resources of the links service, and how much of the clicks it keeps. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LinksSpec extends ServiceSpec {

    @JsonPropertyDescription(
        "Aggregate-only tracking (links.aggregateonly): links are filed under no contact and keep"
            + " no message id and no first click, so nothing stored ties a click to a person;"
            + " clicks and bot clicks are still counted per campaign and variant, unique clicks are"
            + " not. Erasure and export then find only links created before it was turned on.")
    @Default("false")
    public Boolean aggregateOnly = false;
  }

  /** Which NetworkPolicies the operator creates for the platform's pods. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NetworkPolicies {

    @JsonPropertyDescription(
        "Create one NetworkPolicy per component (contacts, scheduler, analytics, links, dispatch)"
            + " that admits only its callers; false deletes them.")
    @Default("true")
    public Boolean enabled = true;

    @JsonPropertyDescription(
        "Namespaces whose pods may scrape /metrics (Prometheus's), e.g. [monitoring]. /metrics is"
            + " served on each service's gRPC port, so these namespaces reach that whole port."
            + " Unset: no namespace beyond each service's callers.")
    @Size(max = 16)
    public List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String> metricsNamespaces;
  }

  /**
   * OpenTelemetry settings of the services, passed to their pods as the standard OTEL_* variables
   * (docs/operations.md).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.otlpEndpoint) || (!has(self.protocol) && !has(self.headersSecretRef))",
      message = "telemetry.protocol and telemetry.headersSecretRef need telemetry.otlpEndpoint")
  public static class Telemetry {

    @JsonPropertyDescription(
        "OTLP endpoint of the collector (OTEL_EXPORTER_OTLP_ENDPOINT), e.g."
            + " http://otel-collector:4318 for http/protobuf or http://otel-collector:4317 for"
            + " grpc. Unset: the services export nothing.")
    @Pattern("^https?://.+")
    public String otlpEndpoint;

    @JsonPropertyDescription(
        "OTLP protocol (OTEL_EXPORTER_OTLP_PROTOCOL): http/protobuf (the SDK's default) or grpc.")
    @Pattern("^(grpc|http/protobuf)$")
    public String protocol;

    @JsonPropertyDescription(
        "Share of new traces kept, 0 to 1 (decimal string): OTEL_TRACES_SAMPLER"
            + " parentbased_traceidratio with this OTEL_TRACES_SAMPLER_ARG; a trace started"
            + " upstream keeps its caller's decision.")
    @Pattern("^(0(\\.[0-9]+)?|1(\\.0+)?)$")
    @Default("1.0")
    public String sampling = "1.0";

    @JsonPropertyDescription(
        "Share of a campaign's messages traced one by one, 0 to 1 (decimal string;"
            + " TELEMETRY_MESSAGE_SAMPLING): a traced message's queueing, submit_sm, receipt and"
            + " events are spans of its campaign's trace. Chosen by message id, so a page queued"
            + " again traces the same ones. Replies are traced at the same ratio (an MO STOP's"
            + " deliver_sm, contacts' opt-out and each dispatcher's suppression in one trace)."
            + " 1.0 traces every message.")
    @Pattern("^(0(\\.[0-9]+)?|1(\\.0+)?)$")
    @Default("0.01")
    public String messageSampling = "0.01";

    @JsonPropertyDescription(
        "Secret key holding the OTLP request headers (OTEL_EXPORTER_OTLP_HEADERS), as"
            + " name=value pairs separated by commas, e.g. Authorization=Bearer <token>. The pods"
            + " read it through secretKeyRef, the operator never does.")
    public SecretKeyRef headersSecretRef;

    @JsonPropertyDescription(
        "Log format of the services (RELAIS_LOG_FORMAT): text, one line per record, or json, one"
            + " object per line; both carry the trace_id and span_id of a traced operation.")
    @Pattern("^(text|json)$")
    @Default("text")
    public String logFormat = "text";
  }

  /** Where the components' certificates come from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.mode) && self.mode == 'CertManager' ? has(self.issuerRef) : true",
      message = "tls.issuerRef is required with tls.mode CertManager")
  @ValidationRule(
      value = "has(self.issuerRef) ? has(self.mode) && self.mode == 'CertManager' : true",
      message = "tls.issuerRef is only read with tls.mode CertManager")
  public static class Tls {

    /** No TLS: the components talk plain HTTP/2. */
    public static final String OFF = "Off";

    /** The user provides one Secret per component. */
    public static final String SECRETS = "Secrets";

    /** The operator asks cert-manager for one Certificate per component. */
    public static final String CERT_MANAGER = "CertManager";

    @JsonPropertyDescription(
        "Off (plain HTTP/2); Secrets: you create one Secret per component, named"
            + " <platform>-<component>-tls for contacts, scheduler, dispatch, analytics and links,"
            + " with keys tls.crt, tls.key and ca.crt;"
            + " CertManager: the operator creates a cert-manager Certificate per component that"
            + " fills that Secret, from issuerRef. The first DNS name of each certificate is the"
            + " component's identity, relais-<component>. The operator calls the services with its"
            + " own certificate (the chart's tls.secretName).")
    @Pattern("^(Off|Secrets|CertManager)$")
    @Default("Off")
    public String mode = OFF;

    @JsonPropertyDescription(
        "The cert-manager issuer of the components' certificates, with mode CertManager.")
    public IssuerRef issuerRef;
  }

  /** A cert-manager Issuer or ClusterIssuer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IssuerRef {

    @JsonPropertyDescription("Name of the issuer.")
    @Required
    @Pattern(Names.RESOURCE_NAME)
    public String name;

    @JsonPropertyDescription("Issuer (in the platform's namespace) or ClusterIssuer.")
    @Pattern("^(Issuer|ClusterIssuer)$")
    @Default("Issuer")
    public String kind = "Issuer";

    @JsonPropertyDescription("API group of the issuer; cert-manager.io for cert-manager's own.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Default("cert-manager.io")
    public String group = "cert-manager.io";
  }
}
