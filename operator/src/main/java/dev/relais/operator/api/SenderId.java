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

/** A sender identity (alphanumeric, short code or long number) campaigns may send from. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("sender")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = RelaisStatus.READY_PATH,
    getDescription = RelaisStatus.READY_DESCRIPTION)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = RelaisStatus.AGE_PATH,
    type = AdditionalPrinterColumn.Type.DATE)
@Categories(RelaisStatus.CATEGORY)
public class SenderId extends CustomResource<SenderIdSpec, SenderId.Status> implements Namespaced {

  @Override
  @JsonPropertyDescription("The sender as handsets show it, and where it may be used.")
  public SenderIdSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Whether campaigns may send from this sender.")
  public Status getStatus() {
    return super.getStatus();
  }

  /** Observed state of the sender. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status extends RelaisStatus {

    @JsonPropertyDescription("The sender value as registered; absent while the spec is invalid.")
    @PrinterColumn(name = "Sender")
    public String registered;
  }
}
