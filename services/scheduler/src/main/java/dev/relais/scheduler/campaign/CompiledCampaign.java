package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.scheduler.audience.CountryAllowList;
import dev.relais.scheduler.audience.FrequencyCap;
import dev.relais.scheduler.campaign.abtest.AbTestPlan;
import dev.relais.scheduler.compliance.CompliancePolicy;
import dev.relais.scheduler.template.TemplateRenderer;
import dev.relais.sms.text.GsmTransliteration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A validated campaign, ready to expand: its template parsed, its policy resolved and its schedule
 * made concrete (an unset start is the acceptance time, an unset deadline is start + 24 hours).
 *
 * @param zone time zone for recipients whose own zone cannot be told from their number
 * @param maxRate messages per second for the whole campaign; 0 means no campaign-level cap
 * @param frequencyCap marketing SMS per contact per period (applies to marketing only)
 * @param countries where recipients may be
 * @param segmentFilter filter over contact attributes, in the segment language; empty keeps all
 * @param transliterate whether messages are transliterated to GSM-7 look-alikes ({@link
 *     GsmTransliteration}) before their encoding and parts are counted
 * @param template the campaign's template: what every recipient receives when there are no variants
 * @param variants what recipients receive: the A/B variants in their declared order, or the
 *     template alone under the name {@code ""}
 * @param assignment which of {@code variants} a recipient receives
 * @param abTest the campaign's A/B test (sample and decision), or null when it has none
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
    AudienceFilter audience,
    FrequencyCap frequencyCap,
    CountryAllowList countries,
    String segmentFilter,
    boolean transliterate,
    List<CampaignVariant> variants,
    VariantAssignment assignment,
    AbTestPlan abTest) {

  public CompiledCampaign {
    variants = List.copyOf(variants);
  }

  /** The variant the recipient at {@code number} receives (the template when there is none). */
  public CampaignVariant variantFor(String number) {
    return variants.get(assignment.indexFor(number));
  }

  /** True when the campaign declares A/B variants. */
  public boolean hasVariants() {
    return variants.get(0).named();
  }

  public String id() {
    return spec.getId();
  }

  public long generation() {
    return spec.getGeneration();
  }

  /**
   * The text one message carries, from its rendered {@code body}: the STOP mention appended for
   * marketing, then transliterated when the campaign asks for it, so that the encoding, the parts
   * and the price are those of what is sent. Appends to {@code body}.
   */
  public String messageText(StringBuilder body) {
    if (marketing) {
      StopMention.appendTo(body, stopMention);
    }
    String text = body.toString();
    return transliterate ? GsmTransliteration.transliterate(text) : text;
  }

  /** {@link #messageText(StringBuilder)} of a body rendered as a string. */
  public String messageText(String body) {
    return messageText(new StringBuilder(body.length() + stopMention.length() + 1).append(body));
  }
}
