package dev.relais.operator.model;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Analytics' view of a Campaign's {@code spec.attribution}: the windows its messages attribute
 * orders within. Analytics holds the bounds (one minute to 30 days) and refuses others; a window
 * left unset is sent unset, so that analytics applies its default.
 */
public final class CampaignAttributionBuilder {

  private CampaignAttributionBuilder() {}

  /** The request that sets the campaign's windows (both unset: back to the defaults). */
  public static SetCampaignAttributionRequest request(Campaign campaign) {
    var request =
        SetCampaignAttributionRequest.newBuilder()
            .setCampaignId(CampaignRequestBuilder.campaignId(campaign));
    CampaignSpec.Attribution attribution = campaign.getSpec().attribution;
    if (attribution != null && attribution.clickWindow != null) {
      request.setClickWindow(proto(Duration.parse(attribution.clickWindow)));
    }
    if (attribution != null && attribution.deliveryWindow != null) {
      request.setDeliveryWindow(proto(Duration.parse(attribution.deliveryWindow)));
    }
    return request.build();
  }

  /** Windows that are not durations (the CRD's pattern lets "P" or "PT" through). */
  public static List<String> problems(CampaignSpec.Attribution attribution) {
    List<String> problems = new ArrayList<>();
    if (attribution != null) {
      check("attribution.clickWindow", attribution.clickWindow, problems);
      check("attribution.deliveryWindow", attribution.deliveryWindow, problems);
    }
    return problems;
  }

  private static void check(String field, String value, List<String> problems) {
    if (value == null) {
      return;
    }
    try {
      Duration.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(field + " must be an ISO-8601 duration such as P2D or PT12H, not " + value);
    }
  }

  private static com.google.protobuf.Duration proto(Duration duration) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }
}
