package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.scheduler.compliance.CompliancePolicy;
import dev.relais.scheduler.template.TemplateRenderer;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A validated campaign, ready to expand: its template parsed, its policy resolved and its schedule
 * made concrete (an unset start is the acceptance time, an unset deadline is start + 24 hours).
 *
 * @param zone time zone for recipients whose own zone cannot be told from their number
 * @param maxRate messages per second for the whole campaign; 0 means no campaign-level cap
 */
public record CompiledCampaign(
    Campaign spec,
    boolean marketing,
    String sender,
    String stopMention,
    TemplateRenderer template,
    CompliancePolicy policy,
    Instant start,
    Instant deadline,
    ZoneId zone,
    int maxRate,
    AudienceFilter audience) {

  public String id() {
    return spec.getId();
  }

  public long generation() {
    return spec.getGeneration();
  }
}
