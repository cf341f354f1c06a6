package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A carrier SMSC connection and the dispatch deployment that drains its queue. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("route")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = RelaisStatus.READY_PATH,
    getDescription = RelaisStatus.READY_DESCRIPTION)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = RelaisStatus.AGE_PATH,
    type = AdditionalPrinterColumn.Type.DATE)
@Categories(RelaisStatus.CATEGORY)
public class SmppRoute extends CustomResource<SmppRouteSpec, SmppRoute.Status>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("The SMSC connection, its limits and its dispatch autoscaling bounds.")
  public SmppRouteSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Binds, throughput, queue and replicas of the route's dispatch pods.")
  public Status getStatus() {
    return super.getStatus();
  }

  /** Observed state of the route. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status extends RelaisStatus {

    @JsonPropertyDescription("SMPP sessions currently bound, over all dispatch replicas.")
    @PrinterColumn(name = "Binds")
    public Integer bindsUp;

    @JsonPropertyDescription("Messages per second submitted over the last minute.")
    @PrinterColumn(name = "TPS")
    public Double currentTps;

    @JsonPropertyDescription("Messages queued and not yet taken by a dispatcher.")
    @PrinterColumn(name = "Queue")
    public Long queueDepth;

    @JsonPropertyDescription("Dispatch replicas ready.")
    @PrinterColumn(name = "Replicas")
    public Integer replicas;

    @JsonPropertyDescription("Dispatch replicas the autoscaler asks for.")
    public Integer desiredReplicas;

    @JsonPropertyDescription("Why the autoscaler chose the current replica count.")
    public String scalingReason;

    @JsonPropertyDescription("Last error seen on the route, if any.")
    public String lastError;
  }
}
