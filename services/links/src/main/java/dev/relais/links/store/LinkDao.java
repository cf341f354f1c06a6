package dev.relais.links.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.links.token.KeyedLinkTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Links by page ({@code link_pages}: the partition a token's page part names), the tokens filed
 * under a contact ({@code links_by_contact}), and the links created before pages ({@code links},
 * one row per token), which are read, clicked, exported and erased until they expire.
 *
 * <p>A link is found for erasure, export and attribution either by the message it was sent in
 * ({@link MessageRef}, what contacts records of a number's marketing messages) or by the contact
 * key it was filed under.
 */
public final class LinkDao {

  /** A message whose links are asked for, by campaign and message id. */
  public record MessageRef(String campaignId, String messageId) {}

  private static final String LEGACY_COLUMNS =
      "link_token, campaign_id, variant, message_id, contact_key, target_url, created_at, expires_at,"
          + " first_clicked_at";

  private static final String PAGE_COLUMNS =
      "page, link, campaign_id, variant, message_id, target_url, created_at, expires_at,"
          + " first_clicked_at, last_clicked_at";

  private final CqlSession session;
  private final KeyedLinkTokens tokens;
  private final PreparedStatement insert;
  private final PreparedStatement insertByContact;
  private final PreparedStatement select;
  private final PreparedStatement selectMessage;
  private final PreparedStatement markFirstClick;
  private final PreparedStatement markLastClick;
  private final PreparedStatement delete;
  private final PreparedStatement legacySelect;
  private final PreparedStatement legacyMarkFirstClick;
  private final PreparedStatement legacyMarkLastClick;
  private final PreparedStatement legacyDelete;
  private final PreparedStatement selectByContact;
  private final PreparedStatement deleteContact;

  /** Links stored under the pages of {@code tokens}, which names them. */
  public LinkDao(CqlSession session, KeyedLinkTokens tokens) {
    this.session = session;
    this.tokens = tokens;
    this.insert =
        session.prepare(
            "INSERT INTO link_pages (page, link, campaign_id, variant, message_id, target_url,"
                + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.insertByContact =
        session.prepare(
            "INSERT INTO links_by_contact (contact_key, link_token) VALUES (?, ?) USING TTL ?");
    this.select =
        session.prepare("SELECT " + PAGE_COLUMNS + " FROM link_pages WHERE page = ? AND link = ?");
    // Within one partition (a page of at most 1000 links): the filter runs on the replica.
    this.selectMessage =
        session.prepare(
            "SELECT "
                + PAGE_COLUMNS
                + " FROM link_pages WHERE page = ? AND message_id = ? ALLOW FILTERING");
    // The cell must die with the row: without the TTL it would outlive the link. The condition on
    // created_at keeps an UPDATE from creating a row for a link erased or expired meanwhile.
    this.markFirstClick =
        session.prepare(
            "UPDATE link_pages USING TTL ? SET first_clicked_at = ? WHERE page = ? AND link = ?"
                + " IF created_at = ? AND first_clicked_at = null");
    this.markLastClick =
        session.prepare(
            "UPDATE link_pages USING TTL ? SET last_clicked_at = ? WHERE page = ? AND link = ?"
                + " IF created_at = ?");
    this.delete = session.prepare("DELETE FROM link_pages WHERE page = ? AND link = ?");
    this.legacySelect =
        session.prepare(
            "SELECT " + LEGACY_COLUMNS + ", last_clicked_at FROM links WHERE link_token = ?");
    this.legacyMarkFirstClick =
        session.prepare(
            "UPDATE links USING TTL ? SET first_clicked_at = ? WHERE link_token = ?"
                + " IF created_at = ? AND first_clicked_at = null");
    this.legacyMarkLastClick =
        session.prepare(
            "UPDATE links USING TTL ? SET last_clicked_at = ? WHERE link_token = ?"
                + " IF created_at = ?");
    this.legacyDelete = session.prepare("DELETE FROM links WHERE link_token = ?");
    this.selectByContact =
        session.prepare("SELECT link_token FROM links_by_contact WHERE contact_key = ?");
    this.deleteContact = session.prepare("DELETE FROM links_by_contact WHERE contact_key = ?");
  }

  /**
   * Stores links, each page's in one single-partition unlogged batch (one write per page, not per
   * link), and files those with a contact key under it; each row lives until its {@code expiresAt},
   * then Cassandra drops it.
   */
  public CompletionStage<Void> insert(List<Link> links) {
    Map<String, BatchStatementBuilder> pages = new LinkedHashMap<>();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (Link link : links) {
      int ttl = ttlSeconds(link.createdAt(), link.expiresAt());
      String page = KeyedLinkTokens.pageOf(link.token());
      // Typed setters: the codec of each column is known, not looked up from each value.
      BoundStatementBuilder row =
          insert
              .boundStatementBuilder()
              .setString(0, page)
              .setString(1, KeyedLinkTokens.linkOf(link.token()))
              .setString(2, link.campaignId())
              .setString(3, link.variant())
              .setString(5, link.targetUrl())
              .setInstant(6, link.createdAt())
              .setInstant(7, link.expiresAt())
              .setInt(8, ttl);
      // A link of aggregate-only tracking stores no cell that leads back to its recipient: its
      // message id stays unset.
      if (!link.messageId().isEmpty()) {
        row.setString(4, link.messageId());
      }
      pages
          .computeIfAbsent(page, p -> BatchStatement.builder(DefaultBatchType.UNLOGGED))
          .addStatement(row.build());
      if (!link.contactKey().isEmpty()) {
        writes.add(
            session
                .executeAsync(
                    insertByContact
                        .bind(link.contactKey(), link.token(), ttl)
                        .setIdempotent(true)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .toCompletableFuture());
      }
    }
    for (BatchStatementBuilder page : pages.values()) {
      writes.add(
          session
              .executeAsync(
                  page.setIdempotence(true)
                      .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                      .build())
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** The link of a token, null when unknown, erased or expired out of the tables. */
  public Link find(String token) {
    return find(token, ConsistencyLevel.LOCAL_ONE);
  }

  private Link find(String token, ConsistencyLevel consistency) {
    Row row =
        session
            .execute(
                select
                    .bind(KeyedLinkTokens.pageOf(token), KeyedLinkTokens.linkOf(token))
                    .setConsistencyLevel(consistency))
            .one();
    if (row != null) {
      return pageLink(row, "");
    }
    row = session.execute(legacySelect.bind(token).setConsistencyLevel(consistency)).one();
    return row == null ? null : legacyLink(row);
  }

  /**
   * Sets the first human click of a link unless one is set already: true exactly once per link,
   * across every replica of the service (a lightweight transaction).
   */
  public CompletionStage<Boolean> markFirstClick(Link link, Instant clickedAt) {
    return mark(link.legacy() ? legacyMarkFirstClick : markFirstClick, link, clickedAt)
        .thenApply(rs -> rs.wasApplied());
  }

  /**
   * Sets the last human click of a link, unless the link was erased or expired meanwhile (a
   * lightweight transaction on its creation time, so that the update never brings a row back).
   */
  public CompletionStage<Void> markLastClick(Link link, Instant clickedAt) {
    return mark(link.legacy() ? legacyMarkLastClick : markLastClick, link, clickedAt)
        .thenApply(rs -> null);
  }

  /**
   * Runs a click's lightweight transaction on {@code link}'s row, {@code update} taking the TTL,
   * the click time, the row's key (token, or page and link) and the creation time.
   */
  private CompletionStage<AsyncResultSet> mark(
      PreparedStatement update, Link link, Instant clickedAt) {
    int ttl = ttlSeconds(clickedAt, link.expiresAt());
    BoundStatement bound =
        link.legacy()
            ? update.bind(ttl, clickedAt, link.token(), link.createdAt())
            : update.bind(
                ttl,
                clickedAt,
                KeyedLinkTokens.pageOf(link.token()),
                KeyedLinkTokens.linkOf(link.token()),
                link.createdAt());
    return session.executeAsync(
        bound
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /**
   * The links of a contact and of its {@code messages} created at or after {@code since}, as the
   * messages they belong to with the last human click of each ({@link ContactMessages}).
   */
  public List<ContactMessages.Message> messagesSince(
      String contactKey, Collection<MessageRef> messages, Instant since) {
    ContactMessages found = new ContactMessages(since);
    for (Link link : held(contactKey, messages)) {
      if (!link.messageId().isEmpty()) {
        found.add(
            link.campaignId(),
            link.variant(),
            link.messageId(),
            link.createdAt(),
            link.lastClickedAt());
      }
    }
    return found.latestFirst();
  }

  /**
   * Every link still held for a contact: those filed under its key, and those of its {@code
   * messages} (one read of each message's page).
   */
  public List<Link> held(String contactKey, Collection<MessageRef> messages) {
    Map<String, Link> held = new LinkedHashMap<>();
    for (String token : filed(contactKey)) {
      Link link = find(token, ConsistencyLevel.LOCAL_QUORUM);
      if (link != null) {
        held.put(token, link);
      }
    }
    for (MessageRef message : new LinkedHashSet<>(messages)) {
      String page = tokens.page(message.campaignId(), message.messageId());
      for (Row row :
          session.execute(
              selectMessage
                  .bind(page, message.messageId())
                  .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
        // Another campaign's page may share the page part: the campaign tells them apart.
        if (message.campaignId().equals(row.getString("campaign_id"))
            && row.getInstant("created_at") != null) {
          Link link = pageLink(row, "");
          held.putIfAbsent(link.token(), link);
        }
      }
    }
    return List.copyOf(held.values());
  }

  /**
   * Deletes every link of a contact and of its {@code messages}; returns the links deleted (those
   * still held).
   */
  public List<Link> erase(String contactKey, Collection<MessageRef> messages) {
    List<Link> held = held(contactKey, messages);
    for (Link link : held) {
      BoundStatement delete =
          link.legacy()
              ? legacyDelete.bind(link.token())
              : this.delete.bind(
                  KeyedLinkTokens.pageOf(link.token()), KeyedLinkTokens.linkOf(link.token()));
      session.execute(
          delete.setIdempotent(true).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    }
    // The index goes last: a retry after a failure still finds the tokens left to delete.
    if (!contactKey.isEmpty()) {
      session.execute(
          deleteContact
              .bind(contactKey)
              .setIdempotent(true)
              .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    }
    return held;
  }

  private Set<String> filed(String contactKey) {
    Set<String> filed = new LinkedHashSet<>();
    if (contactKey.isEmpty()) {
      return filed;
    }
    for (Row row :
        session.execute(
            selectByContact.bind(contactKey).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      filed.add(row.getString("link_token"));
    }
    return filed;
  }

  /** Seconds from {@code from} until {@code until}, at least 1 (0 would mean no TTL at all). */
  static int ttlSeconds(Instant from, Instant until) {
    long seconds = (Duration.between(from, until).toMillis() + 999) / 1000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Link pageLink(Row row, String contactKey) {
    return new Link(
        row.getString("page") + row.getString("link"),
        row.getString("campaign_id"),
        nullToEmpty(row.getString("variant")),
        nullToEmpty(row.getString("message_id")),
        contactKey,
        row.getString("target_url"),
        row.getInstant("created_at"),
        row.getInstant("expires_at"),
        row.getInstant("first_clicked_at"),
        row.getInstant("last_clicked_at"),
        false);
  }

  private static Link legacyLink(Row row) {
    return new Link(
        row.getString("link_token"),
        row.getString("campaign_id"),
        nullToEmpty(row.getString("variant")),
        nullToEmpty(row.getString("message_id")),
        nullToEmpty(row.getString("contact_key")),
        row.getString("target_url"),
        row.getInstant("created_at"),
        row.getInstant("expires_at"),
        row.getInstant("first_clicked_at"),
        row.getInstant("last_clicked_at"),
        true);
  }
}
