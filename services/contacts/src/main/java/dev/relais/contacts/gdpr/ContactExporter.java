package dev.relais.contacts.gdpr;

import static dev.relais.common.time.ProtoTime.timestamp;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.contacts.store.ContactsTable;
import dev.relais.contacts.store.ErasedSuppressions;
import dev.relais.contacts.store.InboundTexts;
import dev.relais.contacts.store.MarketingSends;
import dev.relais.proto.contacts.v1.ConsentEvidence;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.InboundText;
import dev.relais.proto.contacts.v1.MarketingSend;
import dev.relais.proto.contacts.v1.OptOutLift;
import dev.relais.proto.contacts.v1.OptOutRecord;
import java.time.Clock;
import java.util.Optional;

/**
 * Gathers everything held about one number (GDPR Art. 15 access, Art. 20 portability): the contact,
 * its consent evidence with the wordings, its opt-outs, its recent marketing sends with their
 * messages, whether it is suppressed after an erasure, the texts it sent that no rule understood,
 * the messages the dispatch queue holds for it and the tracked links of its messages; structured
 * and as JSON.
 *
 * <p>The queue and the links are searched first and an unreachable scheduler or links service fails
 * the export: a DPO answering an access request must not hand over a file that silently leaves out
 * the texts queued for the person or the links sent to them. Contacts without a scheduler or links
 * service says so with {@code queue_searched=false} or {@code links_searched=false}.
 */
public final class ContactExporter {

  private final CqlSession session;
  private final ContactsTable contacts;
  private final ComplianceLog log;
  private final ErasedSuppressions suppressions;
  private final Clock clock;
  private final InboundTexts inboundTexts;
  private final MarketingSends marketingSends;
  private final PreparedStatement optOuts;
  private final PreparedStatement wording;

  public ContactExporter(
      CqlSession session,
      ContactsTable contacts,
      ComplianceLog log,
      ErasedSuppressions suppressions,
      InboundTexts inboundTexts,
      MarketingSends marketingSends,
      Clock clock) {
    this.session = session;
    this.marketingSends = marketingSends;
    this.inboundTexts = inboundTexts;
    this.contacts = contacts;
    this.log = log;
    this.suppressions = suppressions;
    this.clock = clock;
    this.optOuts = prepare("SELECT at, source FROM opt_outs WHERE bucket = ? AND phone = ?");
    this.wording = prepare("SELECT wording FROM consent_wordings WHERE wording_id = ?");
  }

  /**
   * The export of {@code phone} (E.164), with what {@code queue} and {@code links} hold for it;
   * empty when nothing at all is held about it.
   *
   * @throws UnreachableException when the queue or the links could not be searched
   */
  public Optional<ContactExport> export(String phone, QueueErasure queue, ContactLinks links) {
    QueueErasure.Holdings queued = queue.export(phone);
    ContactLinks.Holdings linked = links.export(phone);
    int bucket = ContactBuckets.of(phone);
    ContactExport.Builder export = ContactExport.newBuilder().setPhone(phone);
    export.addAllQueuedMessages(queued.messages()).setQueueSearched(queued.searched());
    export
        .addAllTrackedLinks(linked.links())
        .setLinksSearched(linked.searched())
        .setLinksAggregateOnly(linked.aggregateOnly());
    contacts.find(phone).ifPresent(export::setContact);
    for (ComplianceLog.ConsentEvent event : log.consentHistory(phone)) {
      ConsentEvidence.Builder evidence =
          ConsentEvidence.newBuilder()
              .setAt(timestamp(event.at()))
              .setPurpose(orEmpty(event.purpose()))
              .setGranted(event.granted())
              .setSource(orEmpty(event.source()))
              .setProof(orEmpty(event.proof()));
      if (event.wordingId() != null) {
        Row text = session.execute(wording.bind(event.wordingId())).one();
        if (text != null) {
          evidence.setWording(orEmpty(text.getString("wording")));
        }
      }
      export.addConsentHistory(evidence);
    }
    for (Row row : session.execute(optOuts.bind(bucket, phone))) {
      export.addOptOuts(
          OptOutRecord.newBuilder()
              .setAt(timestamp(row.getInstant("at")))
              .setSource(orEmpty(row.getString("source"))));
    }
    for (ComplianceLog.OptOutLift lift : log.liftHistory(phone)) {
      OptOutLift.Builder record =
          OptOutLift.newBuilder().setAt(timestamp(lift.at())).setSource(orEmpty(lift.source()));
      if (lift.optedOutAt() != null) {
        record.setOptedOutAt(timestamp(lift.optedOutAt()));
      }
      export.addOptOutLifts(record);
    }
    // Also the sends of a number that is no contact: they are data about it all the same.
    for (MarketingSends.Send send : marketingSends.held(phone)) {
      export.addMarketingSends(marketingSend(send));
    }
    export.setSuppressedAfterErasure(suppressions.contains(phone));
    for (InboundTexts.Text text : inboundTexts.of(phone)) {
      export.addInboundTexts(inboundText(text));
    }
    if (!export.hasContact()
        && export.getConsentHistoryCount() == 0
        && export.getOptOutsCount() == 0
        && export.getMarketingSendsCount() == 0
        && !export.getSuppressedAfterErasure()
        && export.getQueuedMessagesCount() == 0
        && export.getInboundTextsCount() == 0
        && export.getTrackedLinksCount() == 0) {
      return Optional.empty();
    }
    export.setExportedAt(timestamp(clock.instant()));
    try {
      // Every field printed, false and empty ones included: the person reads "unsent": false or
      // "queueSearched": false rather than having to know that proto3 JSON leaves them out.
      export.setJson(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(export));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a contacts export always has a JSON form", e);
    }
    return Optional.of(export.build());
  }

  /** A marketing send as the API gives it, with its message when one was recorded. */
  public static MarketingSend marketingSend(MarketingSends.Send send) {
    MarketingSend.Builder api =
        MarketingSend.newBuilder()
            .setCampaignId(send.campaign())
            .setSentAt(timestamp(send.sentAt()));
    if (send.messageId() != null) {
      api.setMessageId(send.messageId()).setVariant(send.variant());
    }
    return api.build();
  }

  /** A stored inbound text as the API gives it. */
  public static InboundText inboundText(InboundTexts.Text text) {
    return InboundText.newBuilder()
        .setId(text.id().toString())
        .setPhone(text.phone())
        .setReceivedAt(timestamp(text.receivedAt()))
        .setRoute(text.route())
        .setTo(text.recipient())
        .setText(text.body())
        .build();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
