package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;

/** One campaign counter: a campaign, an event type and an A/B variant ({@code ""} for none). */
public record CounterKey(String campaignId, EventType type, String variant) {}
