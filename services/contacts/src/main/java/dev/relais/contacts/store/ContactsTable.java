package dev.relais.contacts.store;

import static dev.relais.common.time.ProtoTime.timestamp;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import dev.relais.contacts.importing.ConsentChange;
import dev.relais.contacts.importing.ContactDraft;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.MarketingSend;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code contacts} table: one row per number, merged field by field.
 *
 * <p>Writes are UPDATEs whose absent fields stay unbound, so a row that does not mention a field
 * leaves the stored value alone, and collections (tags, attributes, lists) only grow. Reads and
 * writes use LOCAL_QUORUM: an opt-out acknowledged here is seen by the next audience read.
 */
public final class ContactsTable {

  /** Columns read into a {@link Contact}, shared with the audience scan. */
  static final String CONTACT_COLUMNS =
      "phone, first_name, last_name, city, postal_code, tags, attributes, lists, region,"
          + " marketing_consent, consent_at, opted_out_at, last_interaction_at, updated_at,"
          + " marketing_sends, consent_pending_at, resubscribe_requested_at";

  // Built once: the driver derives a type token for each GenericType, too slow to do per row.
  private static final GenericType<Set<String>> TEXT_SET = GenericType.setOf(String.class);
  private static final GenericType<List<String>> TEXT_LIST = GenericType.listOf(String.class);
  private static final GenericType<Map<String, String>> TEXT_MAP =
      GenericType.mapOf(String.class, String.class);
  private static final GenericType<Map<String, Instant>> SENDS =
      GenericType.mapOf(String.class, Instant.class);

  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement existing;
  private final PreparedStatement find;
  private final PreparedStatement interaction;
  private final PreparedStatement confirm;
  private final PreparedStatement resubscribeRequested;
  private final PreparedStatement resubscribeCleared;
  private final PreparedStatement optOutLifted;

  public ContactsTable(CqlSession session) {
    this.session = session;
    this.upsert =
        prepare(
            "UPDATE contacts SET first_name = :first_name, last_name = :last_name, city = :city,"
                + " postal_code = :postal_code, tags = tags + :tags,"
                + " attributes = attributes + :attributes, lists = lists + :lists,"
                + " region = :region, marketing_consent = :marketing_consent,"
                + " consent_at = :consent_at, consent_source = :consent_source,"
                + " opted_out_at = :opted_out_at, last_interaction_at = :last_interaction_at,"
                + " consent_pending_at = :consent_pending_at,"
                + " updated_at = :updated_at"
                + " WHERE bucket = :bucket AND phone = :phone");
    this.existing =
        prepare(
            "SELECT phone, opted_out_at, last_interaction_at, updated_at, marketing_consent,"
                + " consent_pending_at, resubscribe_requested_at, resubscribe_request, consent_at FROM contacts"
                + " WHERE bucket = :bucket AND phone IN :phones");
    this.interaction =
        prepare(
            "UPDATE contacts SET last_interaction_at = :at WHERE bucket = :bucket AND phone = :phone");
    this.confirm =
        prepare(
            "UPDATE contacts SET marketing_consent = true, consent_at = :at,"
                + " consent_source = :source, consent_pending_at = null, updated_at = :at"
                + " WHERE bucket = :bucket AND phone = :phone");
    this.resubscribeRequested =
        prepare(
            "UPDATE contacts SET consent_pending_at = :at, resubscribe_requested_at = :at,"
                + " resubscribe_request = :request, updated_at = :now"
                + " WHERE bucket = :bucket AND phone = :phone");
    this.resubscribeCleared =
        prepare(
            "UPDATE contacts SET consent_pending_at = null, resubscribe_requested_at = null,"
                + " resubscribe_request = null, updated_at = :now"
                + " WHERE bucket = :bucket AND phone = :phone");
    this.optOutLifted =
        prepare(
            "UPDATE contacts SET opted_out_at = null, marketing_consent = true, consent_at = :at,"
                + " consent_source = :source, consent_pending_at = null,"
                + " resubscribe_requested_at = null, resubscribe_request = null, updated_at = :now"
                + " WHERE bucket = :bucket AND phone = :phone");
    this.find =
        prepare(
            "SELECT "
                + CONTACT_COLUMNS
                + " FROM contacts WHERE bucket = :bucket AND phone = :phone");
  }

  /**
   * What an import needs to know of a stored contact, and a re-subscription: when the person asked
   * to receive messages again ({@code resubscribeRequestedAt}, null when not pending) and the reply
   * by which they asked.
   */
  public record Stored(
      Instant optedOutAt,
      Instant lastInteractionAt,
      boolean marketingConsent,
      Instant consentPendingAt,
      Instant resubscribeRequestedAt,
      String resubscribeRequest,
      Instant consentAt) {}

  /** The stored contact {@code phone}, or null when it is not a contact. */
  public Stored stored(String phone) {
    return existing(ContactBuckets.of(phone), List.of(phone))
        .toCompletableFuture()
        .join()
        .get(phone);
  }

  /** The stored contacts among {@code phones}, which must all belong to {@code bucket}. */
  public CompletionStage<Map<String, Stored>> existing(int bucket, List<String> phones) {
    BoundStatement select =
        existing
            .boundStatementBuilder()
            .setInt("bucket", bucket)
            .set("phones", phones, TEXT_LIST)
            .setPageSize(Math.max(phones.size(), 1) + 1)
            .build();
    Map<String, Stored> found = new HashMap<>();
    return session.executeAsync(select).thenCompose(page -> collect(page, found));
  }

  /**
   * The merge of an import row into the stored contact.
   *
   * @param list list the contact joins, or empty
   * @param consent a grant (consent from its date) or a withdrawal (no consent, no consent date, no
   *     pending double opt-in), or null to leave the consent as it is
   * @param optedOutAt when to record an opt-out, or null to leave the opt-out state alone
   * @param lastInteractionAt a later last interaction, or null to leave the stored one alone
   * @param consentPendingAt when a double opt-in was requested, or null to leave that state alone
   */
  public BoundStatement merge(
      ContactDraft draft,
      String list,
      ConsentChange consent,
      Instant optedOutAt,
      Instant lastInteractionAt,
      Instant consentPendingAt,
      Instant now) {
    BoundStatementBuilder b = key(draft.phone()).setString("region", draft.region());
    setIfPresent(b, "first_name", draft.firstName());
    setIfPresent(b, "last_name", draft.lastName());
    setIfPresent(b, "city", draft.city());
    setIfPresent(b, "postal_code", draft.postalCode());
    if (!draft.tags().isEmpty()) {
      b.set("tags", draft.tags(), TEXT_SET);
    }
    if (!draft.attributes().isEmpty()) {
      b.set("attributes", draft.attributes(), TEXT_MAP);
    }
    if (list != null && !list.isEmpty()) {
      b.set("lists", Set.of(list), TEXT_SET);
    }
    if (consent != null && consent.granted()) {
      b.setBoolean("marketing_consent", true)
          .setInstant("consent_at", consent.at())
          .setString("consent_source", consent.source());
    } else if (consent != null) {
      b.setBoolean("marketing_consent", false)
          .setToNull("consent_at")
          .setString("consent_source", consent.source())
          .setToNull("consent_pending_at");
    }
    if (optedOutAt != null) {
      b.setInstant("opted_out_at", optedOutAt);
    }
    if (lastInteractionAt != null) {
      b.setInstant("last_interaction_at", lastInteractionAt);
    }
    if (consentPendingAt != null) {
      b.setInstant("consent_pending_at", consentPendingAt);
    }
    return b.setInstant("updated_at", now).build();
  }

  /** Marks a number opted out, creating a bare row when it is not a contact yet. */
  public BoundStatement markOptedOut(String phone, String region, Instant at) {
    BoundStatementBuilder b =
        key(phone).setInstant("opted_out_at", at).setInstant("updated_at", at);
    setIfPresent(b, "region", region);
    return b.build();
  }

  /**
   * Moves a stored contact's last interaction forward to {@code at} (an SMS received from the
   * person); nothing for a number that is not a contact, whose replies are not kept.
   *
   * @return true when the contact exists
   */
  public boolean recordInteraction(String phone, Instant at) {
    Stored stored =
        existing(ContactBuckets.of(phone), List.of(phone)).toCompletableFuture().join().get(phone);
    if (stored == null) {
      return false;
    }
    if (stored.lastInteractionAt() == null || stored.lastInteractionAt().isBefore(at)) {
      session.execute(
          interaction
              .boundStatementBuilder()
              .setInt("bucket", ContactBuckets.of(phone))
              .setString("phone", phone)
              .setInstant("at", at)
              .build());
    }
    return true;
  }

  /**
   * A pending double opt-in confirmed by the person at {@code at}: marketing consent from then on,
   * collected by {@code source}.
   */
  public BoundStatement consentConfirmed(String phone, Instant at, String source) {
    return confirm
        .boundStatementBuilder()
        .setInt("bucket", ContactBuckets.of(phone))
        .setString("phone", phone)
        .setInstant("at", at)
        .setString("source", source)
        .build();
  }

  /**
   * An opted-out contact asked at {@code at}, by {@code request}, to receive messages again: its
   * consent is pending until confirmed; the opt-out stays.
   */
  public BoundStatement resubscribeRequested(
      String phone, Instant at, String request, Instant now) {
    return keyed(resubscribeRequested, phone)
        .setInstant("at", at)
        .setString("request", request)
        .setInstant("now", now)
        .build();
  }

  /** A pending re-subscription that ended without confirmation (expired, or STOP again). */
  public BoundStatement resubscribeCleared(String phone, Instant now) {
    return keyed(resubscribeCleared, phone).setInstant("now", now).build();
  }

  /**
   * The opt-out of {@code phone} lifted by a consent given at {@code at} through {@code source}: no
   * longer opted out, marketing consent from then on, no re-subscription pending.
   */
  public BoundStatement optOutLifted(String phone, Instant at, String source, Instant now) {
    return keyed(optOutLifted, phone)
        .setInstant("at", at)
        .setString("source", source)
        .setInstant("now", now)
        .build();
  }

  private static BoundStatementBuilder keyed(PreparedStatement statement, String phone) {
    return statement
        .boundStatementBuilder()
        .setInt("bucket", ContactBuckets.of(phone))
        .setString("phone", phone);
  }

  /** Reads one contact. */
  public Optional<Contact> find(String phone) {
    Row row =
        session
            .execute(
                find.boundStatementBuilder()
                    .setInt("bucket", ContactBuckets.of(phone))
                    .setString("phone", phone)
                    .build())
            .one();
    return Optional.ofNullable(row).filter(ContactsTable::isContact).map(ContactsTable::toContact);
  }

  /**
   * False for a row that only holds cells written without a contact (e.g. marketing sends recorded
   * for a number that is not, or no longer, a contact): every contact write sets updated_at.
   */
  static boolean isContact(Row row) {
    return !row.isNull("updated_at");
  }

  /** Maps a row selected with {@link #CONTACT_COLUMNS}. */
  static Contact toContact(Row row) {
    Contact.Builder contact =
        Contact.newBuilder()
            .setPhone(row.getString("phone"))
            .setFirstName(orEmpty(row.getString("first_name")))
            .setLastName(orEmpty(row.getString("last_name")))
            .setCity(orEmpty(row.getString("city")))
            .setPostalCode(orEmpty(row.getString("postal_code")))
            .addAllTags(new TreeSet<>(row.get("tags", TEXT_SET)))
            .putAllAttributes(row.get("attributes", TEXT_MAP))
            .addAllLists(new TreeSet<>(row.get("lists", TEXT_SET)))
            .setRegion(orEmpty(row.getString("region")))
            .setMarketingConsent(
                !row.isNull("marketing_consent") && row.getBoolean("marketing_consent"));
    Instant consentAt = row.getInstant("consent_at");
    if (consentAt != null) {
      contact.setConsentAt(timestamp(consentAt));
    }
    Instant optedOutAt = row.getInstant("opted_out_at");
    if (optedOutAt != null) {
      contact.setOptedOut(true).setOptedOutAt(timestamp(optedOutAt));
    }
    Map<String, Instant> sends = row.get("marketing_sends", SENDS);
    if (sends != null && !sends.isEmpty()) {
      sends.entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .forEach(send -> {
            contact.addMarketingSends(timestamp(send.getValue()));
            contact.addRecentMarketing(
                MarketingSend.newBuilder()
                    .setCampaignId(send.getKey())
                    .setSentAt(timestamp(send.getValue())));
          });
    }
    Instant consentPendingAt = row.getInstant("consent_pending_at");
    Instant resubscribeRequestedAt = row.getInstant("resubscribe_requested_at");
    // An opted-out contact may still hold the consent given before its opt-out: its
    // re-subscription is pending all the same.
    if (consentPendingAt != null
        && (!contact.getMarketingConsent() || resubscribeRequestedAt != null)) {
      contact
          .setConsentPending(true)
          .setConsentRequestedAt(timestamp(consentPendingAt))
          .setResubscribePending(resubscribeRequestedAt != null);
    }
    Instant lastInteractionAt = row.getInstant("last_interaction_at");
    if (lastInteractionAt != null) {
      contact.setLastInteractionAt(timestamp(lastInteractionAt));
    }
    return contact.build();
  }

  private BoundStatementBuilder key(String phone) {
    return upsert
        .boundStatementBuilder()
        .setInt("bucket", ContactBuckets.of(phone))
        .setString("phone", phone);
  }

  private static CompletionStage<Map<String, Stored>> collect(
      AsyncResultSet page, Map<String, Stored> found) {
    for (Row row : page.currentPage()) {
      if (!isContact(row)) {
        continue; // cells written without a contact (marketing sends): not a stored contact
      }
      found.put(
          row.getString("phone"),
          new Stored(
              row.getInstant("opted_out_at"),
              row.getInstant("last_interaction_at"),
              !row.isNull("marketing_consent") && row.getBoolean("marketing_consent"),
              row.getInstant("consent_pending_at"),
              row.getInstant("resubscribe_requested_at"),
              row.getString("resubscribe_request"),
              row.getInstant("consent_at")));
    }
    if (page.hasMorePages()) {
      return page.fetchNextPage().thenCompose(next -> collect(next, found));
    }
    return CompletableFuture.completedFuture(found);
  }

  private static void setIfPresent(BoundStatementBuilder b, String column, String value) {
    if (value != null && !value.isEmpty()) {
      b.setString(column, value);
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
