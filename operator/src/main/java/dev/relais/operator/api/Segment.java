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

/** A named audience: a contact list narrowed by a filter over contact attributes. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("seg")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = RelaisStatus.READY_PATH,
    getDescription = RelaisStatus.READY_DESCRIPTION)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = RelaisStatus.AGE_PATH,
    type = AdditionalPrinterColumn.Type.DATE)
@Categories(RelaisStatus.CATEGORY)
public class Segment extends CustomResource<SegmentSpec, Segment.Status> implements Namespaced {

  @Override
  @JsonPropertyDescription("Which contacts belong to the segment.")
  public SegmentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Whether the segment is usable, and its estimated size.")
  public Status getStatus() {
    return super.getStatus();
  }

  /** Observed state of the segment. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status extends RelaisStatus {

    @JsonPropertyDescription(
        "Estimated number of contacts matching, when the contacts service can tell.")
    @PrinterColumn(name = "Size")
    public Long estimatedSize;
  }
}
