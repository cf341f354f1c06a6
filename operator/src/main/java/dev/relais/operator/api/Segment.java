package dev.relais.operator.api;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A named audience: a contact list narrowed by a filter over contact attributes. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("seg")
public class Segment extends CustomResource<SegmentSpec, Segment.Status> implements Namespaced {

  /** Observed state of the segment. */
  public static class Status extends RelaisStatus {

    /** Estimated number of contacts matching. */
    @PrinterColumn(name = "Size")
    public Long estimatedSize;
  }
}
