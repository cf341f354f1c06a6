package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bulk SMS campaign: who, what, when, under which compliance policy. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames({"camp", "campaigns-sms"})
public class Campaign extends CustomResource<CampaignSpec, Campaign.Status> implements Namespaced {

  /** Observed state and KPIs of the campaign. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status extends RelaisStatus {

    /** Pending, Scheduled, Sending, Held, Paused, Completed or Failed. */
    @PrinterColumn(name = "Phase")
    public String phase;

    /** Share of the audience resolved, e.g. "42%". */
    @PrinterColumn(name = "Progress")
    public String progress;

    /** Delivered over submitted, e.g. "97.5%". */
    @PrinterColumn(name = "Delivery")
    public String deliveryRate;

    /** Contacts in the audience. */
    public Long audience;

    /** Contacts left out, by reason (no-consent, opted-out, capped, invalid, outside-window...). */
    public Map<String, Long> suppressed = new LinkedHashMap<>();

    /** Messages queued for dispatch. */
    public Long queued;

    /** Messages accepted by the SMSC. */
    public Long submitted;

    /** Messages confirmed delivered by a receipt. */
    public Long delivered;

    /** Messages refused by the SMSC or reported undelivered. */
    public Long failed;

    /** Messages that reached their deadline unsent. */
    public Long expired;

    /** Recipients who opted out in reply to this campaign. */
    public Long optedOut;
  }
}
