package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an SmppRoute. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.tlsTrust) || (has(self.tls) && self.tls)",
    message = "tlsTrust needs tls: true")
@ValidationRule(
    value = "!has(self.failoverAfter) || has(self.failoverRoute)",
    message = "failoverAfter needs failoverRoute: without one nothing moves")
public class SmppRouteSpec {

  @JsonPropertyDescription("SMSC host name or address.")
  @Required
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$|^\\[[0-9A-Fa-f:.]+\\]$")
  public String host;

  @JsonPropertyDescription("SMSC port.")
  @Min(1)
  @Max(65535)
  @Default("2775")
  public Integer port = 2775;

  @JsonPropertyDescription("SMPP system_id given by the carrier.")
  @Required
  @Pattern("^[ -~]{1,16}$")
  public String systemId;

  @JsonPropertyDescription("Secret key holding the SMPP password (never inline).")
  @Required
  public SecretKeyRef passwordSecretRef;

  @JsonPropertyDescription("SMPP system_type, if the carrier asks for one.")
  @Pattern("^[ -~]{0,13}$")
  public String systemType;

  @JsonPropertyDescription(
      "Connect with TLS; the SMSC's certificate must chain to a trusted CA and name the host.")
  @Default("false")
  public Boolean tls = false;

  @JsonPropertyDescription(
      "CA certificates (PEM) the SMSC's certificate must chain to, for a carrier's private CA;"
          + " without it the dispatch image's default CAs are trusted. Needs tls: true.")
  public TlsTrust tlsTrust;

  @JsonPropertyDescription("SMPP sessions (transceiver binds) per dispatch replica.")
  @Min(1)
  @Max(64)
  @Default("2")
  public Integer sessions = 2;

  @JsonPropertyDescription("Unacknowledged submit_sm allowed per session.")
  @Min(1)
  @Max(1024)
  @Default("32")
  public Integer windowSize = 32;

  @JsonPropertyDescription("Seconds between enquire_link probes.")
  @Min(5)
  @Max(600)
  @Default("30")
  public Integer enquireLinkSeconds = 30;

  @JsonPropertyDescription(
      "Route-wide submit_sm per second allowed by the carrier, shared by all replicas.")
  @Required
  @Min(1)
  @Max(100000)
  public Integer maxTps;

  @JsonPropertyDescription(
      "E.164 prefixes this route serves (e.g. \"+33\"); empty serves every destination.")
  public List<@Pattern("^\\+[0-9]{1,6}$") String> prefixes = new ArrayList<>();

  @JsonPropertyDescription("Higher wins when several routes serve a destination.")
  @Default("0")
  public Integer priority = 0;

  @JsonPropertyDescription(
      "Name of the SmppRoute that takes over this route's messages when it is down.")
  @Pattern(Names.RESOURCE_NAME)
  public String failoverRoute;

  @JsonPropertyDescription(
      "How long this route must have had no SMPP session bound before its messages move to"
          + " failoverRoute (DISPATCH_FAILOVERAFTER), an ISO-8601 duration; PT30S when unset.")
  @Pattern(SmsPlatformSpec.DURATION)
  public String failoverAfter;

  @JsonPropertyDescription(
      "Price of one SMS part on this route, in the billing currency (decimal string).")
  @Pattern("^[0-9]+(\\.[0-9]+)?$")
  public String costPerSegment;

  @JsonPropertyDescription("Queue shards of this route; fixed once messages were queued.")
  @Min(1)
  @Max(1024)
  @Default("16")
  public Integer shards = 16;

  @JsonPropertyDescription(
      "Dispatch autoscaling bounds; without them the route runs one dispatch replica.")
  public Autoscaling autoscaling;

  @JsonPropertyDescription(
      "CPU and memory of each dispatch pod; 250m CPU and 512Mi of memory when unset.")
  public PodResources resources;

  /** How the dispatch Deployment of a route scales with its queue. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "self.minReplicas <= self.maxReplicas",
      message = "minReplicas must not exceed maxReplicas")
  public static class Autoscaling {

    @JsonPropertyDescription("Fewest dispatch replicas.")
    @Min(0)
    @Default("1")
    public Integer minReplicas = 1;

    @JsonPropertyDescription("Most dispatch replicas.")
    @Min(1)
    @Default("4")
    public Integer maxReplicas = 4;

    @JsonPropertyDescription("Target time to drain the queue, in seconds.")
    @Min(1)
    @Default("300")
    public Integer targetDrainSeconds = 300;

    @JsonPropertyDescription(
        "Sessions the carrier allows in total on this account; caps replicas times sessions.")
    @Min(1)
    public Integer maxTotalSessions;
  }
}
