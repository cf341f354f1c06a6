package dev.relais.scheduler.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.scheduler.campaign.CampaignProgress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaign rows and the schedule of campaigns still to expand.
 *
 * <p>Every change that could race with another scheduler instance or with a concurrent update is a
 * lightweight transaction: creating a campaign, replacing a not-yet-started one, taking, renewing
 * and giving back the expansion lease, and saving progress (fenced by the lease).
 */
public final class CampaignStore {

  /** The schedule lives in one small partition. */
  private static final int SLOT = 0;

  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final PreparedStatement replaceUnstarted;
  private final PreparedStatement updateSpec;
  private final PreparedStatement claim;
  private final PreparedStatement markStarted;
  private final PreparedStatement renew;
  private final PreparedStatement saveProgress;
  private final PreparedStatement release;
  private final PreparedStatement setPhase;
  private final PreparedStatement setMessage;
  private final PreparedStatement selectSuspended;
  private final PreparedStatement schedule;
  private final PreparedStatement unschedule;
  private final PreparedStatement scheduled;
  private final PreparedStatement unfinished;
  private final PreparedStatement sampled;
  private final PreparedStatement decide;

  /** A campaign in the schedule: enough to tell whether it is due without reading its spec. */
  public record ScheduleEntry(String id, Instant startAt, boolean suspended) {}

  public CampaignStore(CqlSession session) {
    this.session = session;
    select =
        session.prepare(
            "SELECT generation, spec, accepted_at, phase, started_at, owner, audience, suppressed,"
                + " queued, queued_parts, page_token, expansion_complete, message, tallies,"
                + " page_key, page_writes, traceparent, ab_sampled, ab_decision FROM campaigns"
                + " WHERE id = ?");
    insert =
        session.prepare(
            "INSERT INTO campaigns (id, generation, spec, accepted_at, start_at, suspended,"
                + " phase, audience, queued, queued_parts, expansion_complete, updated_at,"
                + " traceparent) VALUES (?, ?, ?, ?, ?, ?, '', 0, 0, 0, false, ?, ?)"
                + " IF NOT EXISTS");
    replaceUnstarted =
        session.prepare(
            "UPDATE campaigns SET generation = ?, spec = ?, accepted_at = ?, start_at = ?,"
                + " suspended = ?, message = null, updated_at = ?, traceparent = ?"
                + " WHERE id = ? IF started_at = null AND generation = ?");
    updateSpec =
        session.prepare(
            "UPDATE campaigns SET generation = ?, spec = ?, suspended = ?, updated_at = ?"
                + " WHERE id = ? IF generation = ?");
    claim =
        session.prepare("UPDATE campaigns USING TTL ? SET owner = ? WHERE id = ? IF owner = null");
    markStarted =
        session.prepare(
            "UPDATE campaigns SET started_at = ?, phase = 'SENDING', updated_at = ?"
                + " WHERE id = ? IF owner = ? AND generation = ?");
    renew = session.prepare("UPDATE campaigns USING TTL ? SET owner = ? WHERE id = ? IF owner = ?");
    saveProgress =
        session.prepare(
            "UPDATE campaigns SET audience = ?, suppressed = ?, queued = ?, queued_parts = ?,"
                + " page_token = ?, expansion_complete = ?, message = ?, tallies = ?,"
                + " page_key = ?, page_writes = ?, updated_at = ?"
                + " WHERE id = ?");
    release = session.prepare("DELETE owner FROM campaigns WHERE id = ? IF owner = ?");
    setPhase =
        session.prepare("UPDATE campaigns SET phase = ?, message = ?, updated_at = ? WHERE id = ?");
    setMessage = session.prepare("UPDATE campaigns SET message = ? WHERE id = ?");
    selectSuspended = session.prepare("SELECT suspended FROM campaigns WHERE id = ?");
    schedule =
        session.prepare(
            "INSERT INTO campaign_schedule (slot, id, start_at, suspended) VALUES (?, ?, ?, ?)");
    unschedule = session.prepare("DELETE FROM campaign_schedule WHERE slot = ? AND id = ?");
    scheduled =
        session.prepare("SELECT id, start_at, suspended FROM campaign_schedule WHERE slot = ?");
    unfinished =
        session.prepare("SELECT id, start_at, suspended, expansion_complete FROM campaigns");
    sampled = session.prepare("UPDATE campaigns SET ab_sampled = true, start_at = ? WHERE id = ?");
    decide =
        session.prepare(
            "UPDATE campaigns SET ab_decision = ?, updated_at = ? WHERE id = ?"
                + " IF owner = ? AND ab_decision = null");
  }

  public Optional<StoredCampaign> find(String id) {
    Row row = session.execute(quorum(select.bind(id))).one();
    return row == null ? Optional.empty() : Optional.of(toCampaign(row));
  }

  /**
   * Stores a new campaign; false when one with this id already exists.
   *
   * @param traceparent W3C traceparent of the span its expansion is to continue, or null
   */
  public boolean create(
      Campaign spec, Instant acceptedAt, Instant start, Instant now, String traceparent) {
    boolean created =
        session
            .execute(
                insert.bind(
                    spec.getId(),
                    spec.getGeneration(),
                    ByteBuffer.wrap(spec.toByteArray()),
                    acceptedAt,
                    start,
                    spec.getSuspended(),
                    now,
                    traceparent))
            .wasApplied();
    if (created) {
      schedule(spec.getId(), start, spec.getSuspended());
    }
    return created;
  }

  /**
   * Replaces the spec of a campaign whose expansion has not begun, and the trace its expansion is
   * to continue; false if it has begun meanwhile.
   */
  public boolean replaceUnstarted(
      Campaign spec,
      long previousGeneration,
      Instant acceptedAt,
      Instant start,
      Instant now,
      String traceparent) {
    boolean replaced =
        session
            .execute(
                replaceUnstarted.bind(
                    spec.getGeneration(),
                    ByteBuffer.wrap(spec.toByteArray()),
                    acceptedAt,
                    start,
                    spec.getSuspended(),
                    now,
                    traceparent,
                    spec.getId(),
                    previousGeneration))
            .wasApplied();
    if (replaced) {
      schedule(spec.getId(), start, spec.getSuspended());
    }
    return replaced;
  }

  /**
   * Records a new generation of a started campaign whose only change is {@code suspended}; false if
   * the stored generation moved meanwhile.
   */
  public boolean updateStarted(
      Campaign spec,
      long previousGeneration,
      Instant start,
      boolean expansionComplete,
      Instant now) {
    boolean updated =
        session
            .execute(
                updateSpec.bind(
                    spec.getGeneration(),
                    ByteBuffer.wrap(spec.toByteArray()),
                    spec.getSuspended(),
                    now,
                    spec.getId(),
                    previousGeneration))
            .wasApplied();
    if (updated && !expansionComplete) {
      schedule(spec.getId(), start, spec.getSuspended());
    }
    return updated;
  }

  /** Takes the expansion lease of a campaign nobody holds. */
  public boolean claim(String id, String owner, Duration ttl) {
    return session.execute(claim.bind(ttlSeconds(ttl), owner, id)).wasApplied();
  }

  /** Records that expansion of {@code generation} begins; false if the spec changed meanwhile. */
  public boolean markStarted(String id, String owner, long generation, Instant now) {
    return session.execute(markStarted.bind(now, now, id, owner, generation)).wasApplied();
  }

  /**
   * Saves progress and renews the lease in one conditional batch: nothing is written, and false is
   * returned, when another instance holds the campaign.
   */
  public boolean saveProgress(
      String id,
      String owner,
      Duration ttl,
      CampaignProgress progress,
      String message,
      Instant now) {
    BatchStatement batch =
        BatchStatement.newInstance(
            BatchType.LOGGED,
            renew.bind(ttlSeconds(ttl), owner, id, owner),
            progress(id, progress, message, now));
    return session.execute(batch).wasApplied();
  }

  private BoundStatement progress(
      String id, CampaignProgress progress, String message, Instant now) {
    return saveProgress.bind(
        progress.audience(),
        progress.suppressed(),
        progress.queued(),
        progress.queuedParts(),
        progress.pageToken(),
        progress.expansionComplete(),
        message,
        progress.tallies(),
        progress.pageKey(),
        progress.pageWrites(),
        now,
        id);
  }

  /**
   * Records that an A/B test's sample is queued: the expansion starts over for the rest ({@code
   * next}, with the sample's counts), due at {@code decideAt}. Fenced by the lease as {@link
   * #saveProgress} is; false when another instance holds the campaign.
   */
  public boolean finishSample(
      String id,
      String owner,
      Duration ttl,
      CampaignProgress next,
      Instant decideAt,
      boolean suspended,
      Instant now) {
    BatchStatement batch =
        BatchStatement.newInstance(
            BatchType.LOGGED,
            renew.bind(ttlSeconds(ttl), owner, id, owner),
            progress(id, next, "", now),
            sampled.bind(decideAt, id));
    if (!session.execute(batch).wasApplied()) {
      return false;
    }
    schedule(id, decideAt, suspended);
    return true;
  }

  /**
   * Stores an A/B test's decision once: false when another instance holds the campaign or a
   * decision is stored already (then the stored one stands).
   */
  public boolean decide(String id, String owner, AbTestStatus decision, Instant now) {
    return session
        .execute(quorum(decide.bind(ByteBuffer.wrap(decision.toByteArray()), now, id, owner)))
        .wasApplied();
  }

  /** Gives the lease back so another instance (or a later poll) can resume at once. */
  public void release(String id, String owner) {
    session.execute(release.bind(id, owner));
  }

  /** True when the campaign is suspended now (or gone). */
  public boolean isSuspended(String id) {
    Row row = session.execute(quorum(selectSuspended.bind(id))).one();
    return row == null || row.getBoolean("suspended");
  }

  public void setPhase(String id, String phase, String message, Instant now) {
    session.execute(quorum(setPhase.bind(phase, message, now, id)));
  }

  public void setMessage(String id, String message) {
    session.execute(quorum(setMessage.bind(message, id)));
  }

  /** Campaigns still to expand. */
  public List<ScheduleEntry> scheduled() {
    List<ScheduleEntry> entries = new ArrayList<>();
    for (Row row : session.execute(quorum(scheduled.bind(SLOT)))) {
      entries.add(
          new ScheduleEntry(
              row.getString("id"), row.getInstant("start_at"), row.getBoolean("suspended")));
    }
    return entries;
  }

  /** Removes a fully expanded campaign from the schedule. */
  public void unschedule(String id) {
    session.execute(quorum(unschedule.bind(SLOT, id)));
  }

  /**
   * Puts every campaign whose expansion is unfinished back in the schedule: repairs a crash between
   * storing a campaign and scheduling it. Reads the whole campaigns table, so only at start-up.
   */
  public int reschedule() {
    int count = 0;
    for (Row row : session.execute(quorum(unfinished.bind()))) {
      if (!row.getBoolean("expansion_complete") && row.getInstant("start_at") != null) {
        schedule(row.getString("id"), row.getInstant("start_at"), row.getBoolean("suspended"));
        count++;
      }
    }
    return count;
  }

  private void schedule(String id, Instant start, boolean suspended) {
    session.execute(quorum(schedule.bind(SLOT, id, start, suspended)));
  }

  private static StoredCampaign toCampaign(Row row) {
    Campaign spec;
    try {
      spec = Campaign.parseFrom(row.getByteBuffer("spec"));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored campaign spec is unreadable", e);
    }
    Map<String, Long> suppressed = row.getMap("suppressed", String.class, Long.class);
    CampaignProgress progress =
        new CampaignProgress(
            row.getLong("audience"),
            suppressed,
            row.getLong("queued"),
            row.getLong("queued_parts"),
            row.getString("page_token"),
            row.getBoolean("expansion_complete"),
            row.getMap("tallies", String.class, Long.class),
            row.getUuid("page_key"),
            row.getList("page_writes", Instant.class));
    String phase = row.getString("phase");
    ByteBuffer decision = row.getByteBuffer("ab_decision");
    AbTestStatus abDecision;
    try {
      abDecision = decision == null ? null : AbTestStatus.parseFrom(decision);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored A/B test decision is unreadable", e);
    }
    return new StoredCampaign(
        spec,
        row.getInstant("accepted_at"),
        phase == null ? "" : phase,
        row.getInstant("started_at"),
        row.getString("owner"),
        progress,
        row.getString("message"),
        row.getString("traceparent"),
        !row.isNull("ab_sampled") && row.getBoolean("ab_sampled"),
        abDecision);
  }

  private static int ttlSeconds(Duration ttl) {
    return (int) Math.max(1, ttl.toSeconds());
  }

  private static BoundStatement quorum(BoundStatement statement) {
    return statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
  }
}
