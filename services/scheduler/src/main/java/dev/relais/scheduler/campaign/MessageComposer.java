package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.audience.AudienceDecision;
import dev.relais.scheduler.audience.SuppressionReason;
import dev.relais.scheduler.compliance.RecipientTimeZones;
import dev.relais.scheduler.encoding.SmsEncoding;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RouteTable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns audience contacts into queued messages for one campaign: decides on consent and opt-out,
 * picks the route, renders the text (plus the STOP mention for marketing), counts its parts, and
 * places it in time (campaign pace, then the compliance window, then the deadline).
 *
 * <p>Pure apart from the message ids; one instance per campaign expansion.
 */
public final class MessageComposer {

  private final CompiledCampaign campaign;
  private final RouteTable routes;
  private final Supplier<UUID> ids;

  public MessageComposer(CompiledCampaign campaign, RouteTable routes, Supplier<UUID> ids) {
    this.campaign = campaign;
    this.routes = routes;
    this.ids = ids;
  }

  /**
   * Composes one page.
   *
   * @param queuedBefore messages of the campaign queued before this page: the pace index of the
   *     page's first message
   */
  public PageOutcome compose(List<Contact> contacts, long queuedBefore) {
    List<OutgoingMessage> messages = new ArrayList<>(contacts.size());
    Map<String, Long> suppressed = new TreeMap<>();
    long parts = 0;
    StringBuilder body = new StringBuilder(200);
    for (Contact contact : contacts) {
      Optional<SuppressionReason> refused = AudienceDecision.decide(campaign.marketing(), contact);
      if (refused.isPresent()) {
        suppressed.merge(refused.get().code(), 1L, Long::sum);
        continue;
      }
      Optional<RouteDefinition> route = routes.routeFor(contact.getPhone());
      if (route.isEmpty()) {
        suppressed.merge(SuppressionReason.NO_ROUTE.code(), 1L, Long::sum);
        continue;
      }
      Instant paced =
          Pacing.notBefore(campaign.start(), queuedBefore + messages.size(), campaign.maxRate());
      ZoneId zone =
          RecipientTimeZones.zoneOf(contact.getRegion(), contact.getPhone(), campaign.zone());
      Instant allowed = campaign.policy().firstAllowed(paced, zone);
      if (!allowed.isBefore(campaign.deadline())) {
        suppressed.merge(SuppressionReason.OUTSIDE_WINDOW.code(), 1L, Long::sum);
        continue;
      }
      body.setLength(0);
      campaign.template().renderTo(body, contact);
      if (campaign.marketing()) {
        appendStopMention(body);
      }
      String text = body.toString();
      int messageParts = SmsEncoding.analyze(text).parts();
      parts += messageParts;
      messages.add(
          new OutgoingMessage(
              ids.get(),
              campaign.id(),
              route.get().name(),
              contact.getPhone(),
              campaign.sender(),
              text,
              allowed,
              campaign.deadline(),
              "",
              campaign.marketing(),
              messageParts));
    }
    return new PageOutcome(contacts.size(), messages, suppressed, parts);
  }

  /** The mention goes after a space, or right after the text when it already ends in a blank. */
  private void appendStopMention(StringBuilder body) {
    if (body.length() > 0 && !Character.isWhitespace(body.charAt(body.length() - 1))) {
      body.append(' ');
    }
    body.append(campaign.stopMention());
  }
}
