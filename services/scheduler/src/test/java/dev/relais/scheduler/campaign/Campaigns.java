package dev.relais.scheduler.campaign;

import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Sender;

/** Campaign specs for tests. */
final class Campaigns {

  private Campaigns() {}

  static Campaign.Builder marketing() {
    return Campaign.newBuilder()
        .setId("shop/black-friday")
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_MARKETING)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP 36111"))
        .setAudienceList("newsletter")
        .setTemplate("Bonjour {{firstName|client}}, -20% ce week-end")
        .setPolicy("fr-marketing")
        .setDefaultRegion("FR");
  }

  static Campaign.Builder transactional() {
    return Campaign.newBuilder()
        .setId("shop/shipping")
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
        .setAudienceList("orders")
        .setTemplate("Votre colis arrive demain, {{firstName|client}}.")
        .setPolicy("transactional");
  }
}
