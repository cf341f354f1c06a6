package dev.relais.operator.api;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One installation of the Relais services in a namespace. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames("smsp")
public class SmsPlatform extends CustomResource<SmsPlatformSpec, SmsPlatform.Status>
    implements Namespaced {

  /** Observed state of the platform. */
  public static class Status extends RelaisStatus {

    /** Version of the services running. */
    @PrinterColumn(name = "Version")
    public String version;
  }
}
