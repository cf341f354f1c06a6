package dev.relais.dispatch.inbound;

import dev.relais.common.privacy.PersonalData;
import dev.relais.common.time.ProtoTime;
import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.optout.OptOutRegistry;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Hands mobile-originated messages to contacts (which recognises STOP and its variants) and, when
 * contacts opted the sender out, suppresses the number in this dispatcher at once and publishes an
 * OPTED_OUT event for the campaign that last wrote to that number from this process (no event when
 * it is unknown: the opt-out itself is recorded by contacts either way).
 */
public final class InboundMessages {

  private static final Logger LOG = Logger.getLogger(InboundMessages.class.getName());

  private final InboundGateway contacts;
  private final RecentRecipients recipients;
  private final EventPublisher publisher;
  private final MessageEvents events;
  private final String route;
  private final Clock clock;
  private final DispatchStats stats;
  private final OptOutRegistry optOuts;

  public InboundMessages(
      InboundGateway contacts,
      RecentRecipients recipients,
      EventPublisher publisher,
      MessageEvents events,
      String route,
      Clock clock,
      DispatchStats stats,
      OptOutRegistry optOuts) {
    this.contacts = contacts;
    this.recipients = recipients;
    this.publisher = publisher;
    this.events = events;
    this.route = route;
    this.clock = clock;
    this.stats = stats;
    this.optOuts = optOuts;
  }

  /**
   * Processes one MO. Throws when contacts could not take it, so that the caller can answer the
   * SMSC with a temporary error and the SMSC delivers it again (an MO is durable at the SMSC, not
   * here).
   *
   * @return whether contacts opted the sender out (the MO was a STOP keyword)
   */
  public boolean onInbound(String from, String to, String text) {
    stats.inbound();
    Instant now = clock.instant();
    InboundResult result =
        contacts.process(
            InboundMessage.newBuilder()
                .setFrom(from)
                .setTo(to)
                .setText(text)
                .setRoute(route)
                .setReceivedAt(ProtoTime.timestamp(now))
                .build());
    if (result.getAction() != InboundAction.INBOUND_ACTION_OPTED_OUT) {
      return false;
    }
    stats.optOut();
    String number = result.getPhone().isEmpty() ? from : result.getPhone();
    // At once, without waiting for the feed: the next message to this number may be in flight.
    optOuts.add(number, now);
    RecentRecipients.LastMessage last = recipients.lastSentTo(number);
    if (last == null) {
      LOG.fine(() -> "opt-out from " + PersonalData.maskPhone(number) + " with no recent campaign");
      return true;
    }
    publisher.publish(
        events.event(
            EventType.EVENT_TYPE_OPTED_OUT,
            last.messageId(),
            last.campaignId(),
            last.variant(),
            0,
            "",
            0),
        null);
    return true;
  }
}
