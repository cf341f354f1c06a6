package dev.relais.operator.api;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A sender identity (alphanumeric, short code or long number) campaigns may send from. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("sender")
public class SenderId extends CustomResource<SenderIdSpec, SenderId.Status> implements Namespaced {

  /** Observed state of the sender. */
  public static class Status extends RelaisStatus {

    /** The sender value as registered. */
    @PrinterColumn(name = "Sender")
    public String registered;
  }
}
