package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import dev.relais.common.privacy.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The marketing sends that frequency caps count, and the message behind each one: per (number,
 * campaign) one entry of {@code marketing_sends} (time sent) and one of {@code marketing_messages}
 * (message id, variant) in the contact row, both with a TTL that ends {@link #RETENTION} after the
 * send.
 *
 * <p>Recording is write-only: no read before the write, one UPDATE per number setting both entries,
 * grouped in unlogged batches per partition and sent asynchronously with a bounded number in
 * flight. The campaign id is the key of both maps, so a retried or repeated recording overwrites
 * its own entries instead of adding any.
 */
public final class MarketingSends {

  /** How long a send is kept: longer than any frequency-cap window (30 days by default). */
  public static final Duration RETENTION = Retention.MARKETING_MESSAGES;

  /**
   * Statements per batch. A batch holds one partition, so Cassandra applies it as one mutation and
   * does not warn about its size; 50 numbers with their messages make a few KiB.
   */
  private static final int BATCH = 50;

  /** Batches written at once by one call. */
  private static final int IN_FLIGHT = 16;

  private static final GenericType<Map<String, Instant>> SENDS =
      GenericType.mapOf(String.class, Instant.class);
  private static final GenericType<Map<String, TupleValue>> MESSAGES =
      GenericType.mapOf(String.class, TupleValue.class);

  /** Latest first, then by campaign: the order of {@link #messages}. */
  private static final Comparator<Send> LATEST_FIRST =
      Comparator.comparing(Send::sentAt).reversed().thenComparing(Send::campaign);

  /**
   * A number a campaign was sent to (E.164), the dispatch queue's id of its message, its variant.
   */
  public record Recipient(String phone, String messageId, String variant) {}

  /**
   * A send held for a number: {@code messageId} and {@code variant} are null when it was recorded
   * without its message (before messages were recorded).
   */
  public record Send(String campaign, Instant sentAt, String messageId, String variant) {}

  private final CqlSession session;
  private final PreparedStatement record;
  private final TupleType message;
  private final PreparedStatement read;

  public MarketingSends(CqlSession session) {
    this.session = session;
    this.record =
        prepare(
            "UPDATE contacts USING TTL :ttl SET marketing_sends[:campaign] = :sent_at,"
                + " marketing_messages[:campaign] = :message"
                + " WHERE bucket = :bucket AND phone = :phone");
    this.message = (TupleType) record.getVariableDefinitions().get("message").getType();
    // updated_at only tells a contact from a row of sends recorded for a number that is none.
    this.read =
        prepare(
            "SELECT updated_at, marketing_sends, marketing_messages FROM contacts"
                + " WHERE bucket = :bucket AND phone = :phone");
  }

  /**
   * Records that {@code campaign} was sent at {@code sentAt} to {@code recipients} (distinct
   * numbers) and returns once every write is acknowledged.
   *
   * @return the numbers written; 0 when the send is already older than the retention
   */
  public int record(
      String campaign, Instant sentAt, Collection<Recipient> recipients, Instant now) {
    long ttl = RETENTION.minus(Duration.between(sentAt, now)).toSeconds();
    if (ttl <= 0 || recipients.isEmpty()) {
      return 0;
    }
    Map<Integer, List<BatchableStatement<?>>> byBucket = new TreeMap<>();
    for (Recipient recipient : recipients) {
      int bucket = ContactBuckets.of(recipient.phone());
      byBucket
          .computeIfAbsent(bucket, b -> new ArrayList<>())
          .add(
              record
                  .boundStatementBuilder()
                  .setInt("ttl", (int) Math.min(ttl, Integer.MAX_VALUE))
                  .setString("campaign", campaign)
                  .setInstant("sent_at", sentAt)
                  .setTupleValue(
                      "message", message.newValue(recipient.messageId(), recipient.variant()))
                  .setInt("bucket", bucket)
                  .setString("phone", recipient.phone())
                  .build());
    }
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> acks = new ArrayList<>();
    try {
      for (List<BatchableStatement<?>> partition : byBucket.values()) {
        for (int from = 0; from < partition.size(); from += BATCH) {
          List<BatchableStatement<?>> part =
              partition.subList(from, Math.min(from + BATCH, partition.size()));
          inFlight.acquire();
          acks.add(
              session
                  .executeAsync(asBatch(part))
                  .toCompletableFuture()
                  .whenComplete((done, error) -> inFlight.release()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording marketing sends", e);
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    return recipients.size();
  }

  /**
   * The sends recorded with their message for the contact {@code phone} (E.164) at or after {@code
   * since} (null: all that are kept), latest first; none for a number that is not a contact.
   */
  public List<Send> messages(String phone, Instant since) {
    Row row = readRow(phone);
    if (row == null || !ContactsTable.isContact(row)) {
      return List.of();
    }
    return sends(row).stream()
        .filter(send -> send.messageId() != null)
        .filter(send -> since == null || !send.sentAt().isBefore(since))
        .sorted(LATEST_FIRST)
        .toList();
  }

  /**
   * Every send held for {@code phone} (E.164), by campaign, a number that is not a contact
   * included: what an export must show.
   */
  public List<Send> held(String phone) {
    Row row = readRow(phone);
    return row == null ? List.of() : sends(row);
  }

  private Row readRow(String phone) {
    return session
        .execute(
            read.boundStatementBuilder()
                .setInt("bucket", ContactBuckets.of(phone))
                .setString("phone", phone)
                .build())
        .one();
  }

  /** The sends of a row, by campaign, each with its message when one was recorded. */
  private static List<Send> sends(Row row) {
    Map<String, TupleValue> messages = row.get("marketing_messages", MESSAGES);
    List<Send> sends = new ArrayList<>();
    new TreeMap<>(row.get("marketing_sends", SENDS))
        .forEach((campaign, sentAt) -> {
          TupleValue message = messages.get(campaign);
          sends.add(
              message == null
                  ? new Send(campaign, sentAt, null, null)
                  : new Send(
                      campaign, sentAt, message.getString(0), orEmpty(message.getString(1))));
        });
    return sends;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  private static Statement<?> asBatch(List<BatchableStatement<?>> statements) {
    if (statements.size() == 1) {
      return statements.get(0);
    }
    // Unlogged: one partition per batch, applied by Cassandra as a single mutation.
    return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, statements)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
  }
}
