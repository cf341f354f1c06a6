package dev.relais.links.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Links by token ({@code links}) and by contact ({@code links_by_contact}). */
public final class LinkDao {

  private static final String COLUMNS =
      "link_token, campaign_id, variant, message_id, contact_key, target_url, created_at, expires_at,"
          + " first_clicked_at";

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement insertByContact;
  private final PreparedStatement select;
  private final PreparedStatement markFirstClick;
  private final PreparedStatement markLastClick;
  private final PreparedStatement selectMessage;
  private final PreparedStatement selectByContact;
  private final PreparedStatement delete;
  private final PreparedStatement deleteContact;

  public LinkDao(CqlSession session) {
    this.session = session;
    this.insert =
        session.prepare(
            "INSERT INTO links (link_token, campaign_id, variant, message_id, contact_key, target_url,"
                + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.insertByContact =
        session.prepare(
            "INSERT INTO links_by_contact (contact_key, link_token) VALUES (?, ?) USING TTL ?");
    this.select = session.prepare("SELECT " + COLUMNS + " FROM links WHERE link_token = ?");
    // The cell must die with the row: without the TTL it would outlive the link. The condition on
    // created_at keeps an UPDATE from creating a row for a link erased or expired meanwhile.
    this.markFirstClick =
        session.prepare(
            "UPDATE links USING TTL ? SET first_clicked_at = ? WHERE link_token = ?"
                + " IF created_at = ? AND first_clicked_at = null");
    this.markLastClick =
        session.prepare(
            "UPDATE links USING TTL ? SET last_clicked_at = ? WHERE link_token = ?"
                + " IF created_at = ?");
    this.selectMessage =
        session.prepare(
            "SELECT campaign_id, variant, message_id, created_at, last_clicked_at FROM links"
                + " WHERE link_token = ?");
    this.selectByContact =
        session.prepare("SELECT link_token FROM links_by_contact WHERE contact_key = ?");
    this.delete = session.prepare("DELETE FROM links WHERE link_token = ?");
    this.deleteContact = session.prepare("DELETE FROM links_by_contact WHERE contact_key = ?");
  }

  /** Stores links; each row lives until its {@code expiresAt}, then Cassandra drops it. */
  public CompletionStage<Void> insert(List<Link> links) {
    List<CompletableFuture<?>> writes = new ArrayList<>(links.size() * 2);
    for (Link link : links) {
      int ttl = ttlSeconds(link.createdAt(), link.expiresAt());
      BoundStatement row =
          insert
              .bind(
                  link.token(),
                  link.campaignId(),
                  link.variant(),
                  link.messageId(),
                  link.contactKey(),
                  link.targetUrl(),
                  link.createdAt(),
                  link.expiresAt(),
                  ttl)
              .setIdempotent(true)
              .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
      // A link filed under no contact (aggregate-only tracking) stores no cell at all for them.
      if (link.messageId().isEmpty()) {
        row = row.unset("message_id");
      }
      if (link.contactKey().isEmpty()) {
        row = row.unset("contact_key");
      }
      writes.add(session.executeAsync(row).toCompletableFuture());
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
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** The link of a token, null when unknown, erased or expired out of the table. */
  public Link find(String token) {
    Row row =
        session.execute(select.bind(token).setConsistencyLevel(ConsistencyLevel.LOCAL_ONE)).one();
    return row == null ? null : link(row);
  }

  /**
   * Sets the first human click of a link unless one is set already: true exactly once per link,
   * across every replica of the service (a lightweight transaction).
   */
  public CompletionStage<Boolean> markFirstClick(Link link, Instant clickedAt) {
    int ttl = ttlSeconds(clickedAt, link.expiresAt());
    return session
        .executeAsync(
            markFirstClick
                .bind(ttl, clickedAt, link.token(), link.createdAt())
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .thenApply(rs -> rs.wasApplied());
  }

  /**
   * Sets the last human click of a link, unless the link was erased or expired meanwhile (a
   * lightweight transaction on its creation time, so that the update never brings a row back).
   */
  public CompletionStage<Void> markLastClick(Link link, Instant clickedAt) {
    int ttl = ttlSeconds(clickedAt, link.expiresAt());
    return session
        .executeAsync(
            markLastClick
                .bind(ttl, clickedAt, link.token(), link.createdAt())
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .thenApply(rs -> null);
  }

  /**
   * The links of a contact created at or after {@code since}, as the messages they belong to with
   * the last human click of each ({@link ContactMessages}): one read of the contact's index, then
   * one read per link, in parallel.
   */
  public List<ContactMessages.Message> messagesSince(String contactKey, Instant since) {
    List<CompletableFuture<Row>> reads = new ArrayList<>();
    for (String token : tokens(contactKey)) {
      reads.add(
          session
              .executeAsync(
                  selectMessage.bind(token).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
              .thenApply(rs -> rs.one())
              .toCompletableFuture());
    }
    ContactMessages messages = new ContactMessages(since);
    for (CompletableFuture<Row> read : reads) {
      Row row = read.join();
      if (row != null && row.getInstant("created_at") != null) {
        messages.add(
            row.getString("campaign_id"),
            row.getString("variant"),
            row.getString("message_id"),
            row.getInstant("created_at"),
            row.getInstant("last_clicked_at"));
      }
    }
    return messages.latestFirst();
  }

  /** Every link still held for a contact. */
  public List<Link> byContact(String contactKey) {
    List<Link> links = new ArrayList<>();
    for (String token : tokens(contactKey)) {
      Link link =
          session
              .execute(select.bind(token).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
              .map(LinkDao::link)
              .one();
      if (link != null) {
        links.add(link);
      }
    }
    return links;
  }

  /** Deletes every link of a contact; returns how many were still held. */
  public long eraseContact(String contactKey) {
    long erased = 0;
    for (String token : tokens(contactKey)) {
      if (session
              .execute(select.bind(token).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
              .one()
          != null) {
        erased++;
      }
      session.execute(
          delete
              .bind(token)
              .setIdempotent(true)
              .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    }
    // The index goes last: a retry after a failure still finds the tokens left to delete.
    session.execute(
        deleteContact
            .bind(contactKey)
            .setIdempotent(true)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    return erased;
  }

  private List<String> tokens(String contactKey) {
    List<String> tokens = new ArrayList<>();
    for (Row row :
        session.execute(
            selectByContact.bind(contactKey).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      tokens.add(row.getString("link_token"));
    }
    return tokens;
  }

  /** Seconds from {@code from} until {@code until}, at least 1 (0 would mean no TTL at all). */
  static int ttlSeconds(Instant from, Instant until) {
    long seconds = (Duration.between(from, until).toMillis() + 999) / 1000;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Link link(Row row) {
    return new Link(
        row.getString("link_token"),
        row.getString("campaign_id"),
        row.getString("variant"),
        nullToEmpty(row.getString("message_id")),
        nullToEmpty(row.getString("contact_key")),
        row.getString("target_url"),
        row.getInstant("created_at"),
        row.getInstant("expires_at"),
        row.getInstant("first_clicked_at"));
  }
}
