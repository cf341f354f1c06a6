package dev.relais.operator.api;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A carrier SMSC connection and the dispatch deployment that drains its queue. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("route")
public class SmppRoute extends CustomResource<SmppRouteSpec, SmppRoute.Status>
    implements Namespaced {

  /** Observed state of the route. */
  public static class Status extends RelaisStatus {

    /** SMPP sessions currently bound, over all dispatch replicas. */
    @PrinterColumn(name = "Binds")
    public Integer bindsUp;

    /** Messages per second submitted over the last minute. */
    @PrinterColumn(name = "TPS")
    public Double currentTps;

    /** Messages queued and not yet resolved. */
    @PrinterColumn(name = "Queue")
    public Long queueDepth;

    /** Dispatch replicas running. */
    @PrinterColumn(name = "Replicas")
    public Integer replicas;

    /** Last error seen on the route, if any. */
    public String lastError;
  }
}
