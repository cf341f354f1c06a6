package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;

/** Builds test events tersely. */
final class Events {

  private Events() {}

  static MessageEvent event(String campaign, String message, EventType type) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setType(type)
        .build();
  }

  static MessageEvent event(String campaign, String message, EventType type, String variant) {
    return event(campaign, message, type).toBuilder().setVariant(variant).build();
  }
}
