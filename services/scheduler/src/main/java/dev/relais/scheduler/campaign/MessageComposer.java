package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.audience.AudienceDecision;
import dev.relais.scheduler.audience.SuppressionReason;
import dev.relais.scheduler.audience.VelocityLimiter;
import dev.relais.scheduler.compliance.RecipientPlace;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.scheduler.routing.RouteTable;
import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns audience contacts into queued messages for one campaign: decides on consent, opt-out,
 * country and frequency cap, picks the route, places the message in time (campaign pace, then the
 * compliance window, then the deadline), applies the velocity limit, renders the text of the
 * recipient's A/B variant ({@link VariantAssignment}; the template without variants) (plus the STOP
 * mention for marketing, transliterated when the campaign asks), counts its parts (and those sent
 * in UCS-2) and prices them.
 *
 * <p>Pure apart from the shared velocity counts and, when composing without {@link PageMessageIds},
 * the message ids; one instance per campaign expansion.
 */
public final class MessageComposer {

  /**
   * A message due in the last minutes of its window waits for the next one: dispatch reads the
   * queue a little behind real time and may have a backlog, and a message must never leave after
   * its window has closed (its validity ends there, so it would expire instead of being sent).
   */
  static final Duration WINDOW_MARGIN = Duration.ofMinutes(2);

  private final CompiledCampaign campaign;
  private final RouteTable routes;
  private final Supplier<UUID> ids;
  private final VelocityLimiter velocity;
  private AbTestPass pass;

  public MessageComposer(CompiledCampaign campaign, RouteTable routes, Supplier<UUID> ids) {
    this(campaign, routes, ids, VelocityLimiter.unlimited());
  }

  /**
   * A composer that names messages by destination only ({@link #compose(List, long, Function)}).
   */
  public MessageComposer(CompiledCampaign campaign, RouteTable routes, VelocityLimiter velocity) {
    this(
        campaign,
        routes,
        () -> {
          throw new IllegalStateException("this composer names messages by destination only");
        },
        velocity);
  }

  public MessageComposer(
      CompiledCampaign campaign, RouteTable routes, Supplier<UUID> ids, VelocityLimiter velocity) {
    this.campaign = campaign;
    this.routes = routes;
    this.ids = ids;
    this.velocity = velocity;
  }

  /**
   * This composer for one pass of an A/B test: the sample's recipients only (the others are counted
   * as waiting), or the rest's only, with the winner.
   */
  public MessageComposer forPass(AbTestPass pass) {
    this.pass = pass;
    return this;
  }

  /**
   * Composes one page.
   *
   * @param queuedBefore messages of the campaign queued before this page: the pace index of the
   *     page's first message
   */
  public PageOutcome compose(List<Contact> contacts, long queuedBefore) {
    return compose(contacts, queuedBefore, destination -> ids.get());
  }

  /**
   * Composes one page, naming each message by its destination: a campaign expansion passes {@link
   * PageMessageIds} so that a page composed again after a crash keeps its message ids.
   */
  public PageOutcome compose(
      List<Contact> contacts, long queuedBefore, Function<String, UUID> idOfDestination) {
    List<OutgoingMessage> messages = new ArrayList<>(contacts.size());
    Map<String, Long> suppressed = new TreeMap<>();
    Map<String, Long> tallies = new TreeMap<>();
    long parts = 0;
    StringBuilder body = new StringBuilder(200);
    int considered = contacts.size();
    // The first pass of an A/B test queues its sample; the second, after the decision, the rest.
    AbTestPass abTest = pass;
    Instant paceFrom = abTest == null ? campaign.start() : abTest.paceFrom();
    long paceOffset = abTest == null ? 0 : abTest.paceOffset();
    for (Contact contact : contacts) {
      if (abTest != null) {
        boolean sample = abTest.plan().inSample(contact.getPhone());
        if (sample == abTest.rest()) {
          considered--;
          if (sample) {
            continue; // queued (or left out) by the sample pass
          }
          tallies.merge(Tallies.AB_WAITING, 1L, Long::sum);
          continue;
        }
        if (sample) {
          tallies.merge(Tallies.AB_SAMPLE, 1L, Long::sum);
        }
      }
      Optional<SuppressionReason> refused = AudienceDecision.decide(campaign.marketing(), contact);
      if (refused.isEmpty() && !campaign.countries().allows(contact)) {
        refused = Optional.of(SuppressionReason.COUNTRY_NOT_ALLOWED);
      }
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
          Pacing.notBefore(
              paceFrom, queuedBefore + messages.size() - paceOffset, campaign.maxRate());
      RecipientPlace place =
          RecipientPlace.of(
              contact.getRegion(), contact.getPhone(), contact.getPostalCode(), campaign.zone());
      Instant allowed = campaign.policy().firstAllowed(paced, place);
      Instant closes = campaign.policy().windowCloses(allowed, place);
      if (closes != Instant.MAX && !allowed.isBefore(closes.minus(WINDOW_MARGIN))) {
        // Too close to the end of the window for dispatch to be sure to send it in time.
        allowed = campaign.policy().firstAllowed(closes, place);
        closes = campaign.policy().windowCloses(allowed, place);
      }
      if (!allowed.isBefore(campaign.deadline())) {
        suppressed.merge(SuppressionReason.OUTSIDE_WINDOW.code(), 1L, Long::sum);
        continue;
      }
      if (campaign.marketing() && capped(contact, allowed)) {
        suppressed.merge(SuppressionReason.CAPPED.code(), 1L, Long::sum);
        continue;
      }
      if (!velocity.tryAcquire(contact.getPhone(), allowed)) {
        suppressed.merge(SuppressionReason.VELOCITY_LIMIT.code(), 1L, Long::sum);
        continue;
      }
      if (allowed.isAfter(paced)) {
        tallies.merge(Tallies.HELD_FOR_WINDOW, 1L, Long::sum);
      }
      // The number decides the variant, so a page composed again gives each contact the same one.
      CampaignVariant variant =
          abTest != null && abTest.rest()
              ? abTest.winner()
              : campaign.variantFor(contact.getPhone());
      body.setLength(0);
      variant.template().renderTo(body, contact);
      String text = campaign.messageText(body);
      SmsParts split = SmsParts.of(text);
      int messageParts = split.parts();
      parts += messageParts;
      if (split.encoding() == SmsEncoding.UCS_2) {
        tallies.merge(Tallies.UCS2_MESSAGES, 1L, Long::sum);
        tallies.merge(Tallies.UCS2_PARTS, (long) messageParts, Long::sum);
      }
      RoutePrice price = route.get().price();
      if (price.known()) {
        tallies.merge(Tallies.PRICED_PARTS, (long) messageParts, Long::sum);
        tallies.merge(Tallies.costKey(price.currency()), price.micros(messageParts), Long::sum);
      } else {
        tallies.merge(Tallies.UNPRICED_PARTS, (long) messageParts, Long::sum);
      }
      if (variant.named()) {
        tallies.merge(Tallies.variantQueuedKey(variant.name()), 1L, Long::sum);
        tallies.merge(Tallies.variantPartsKey(variant.name()), (long) messageParts, Long::sum);
        if (price.known()) {
          tallies.merge(
              Tallies.variantCostKey(variant.name(), price.currency()),
              price.micros(messageParts),
              Long::sum);
        }
      }
      messages.add(
          new OutgoingMessage(
              idOfDestination.apply(contact.getPhone()),
              campaign.id(),
              route.get().name(),
              contact.getPhone(),
              campaign.sender(),
              text,
              allowed,
              // Valid until the window closes: never submitted, nor delivered by the SMSC, after.
              closes.isBefore(campaign.deadline()) ? closes : campaign.deadline(),
              variant.name(),
              campaign.marketing(),
              messageParts));
    }
    return new PageOutcome(considered, messages, suppressed, parts, tallies);
  }

  /**
   * Whether the contact is at the campaign's frequency cap, leaving the campaign's own send out
   * when contacts says which campaign each send was (older contacts services give timestamps only).
   */
  private boolean capped(Contact contact, Instant at) {
    return contact.getRecentMarketingCount() > 0
        ? campaign.frequencyCap().reachedFor(campaign.id(), contact.getRecentMarketingList(), at)
        : campaign.frequencyCap().reached(contact.getMarketingSendsList(), at);
  }
}
