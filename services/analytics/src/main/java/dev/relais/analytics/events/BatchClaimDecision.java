package dev.relais.analytics.events;

import java.time.Duration;
import java.time.Instant;

/**
 * What to do with a batch whose id is already claimed by an earlier RecordEvents call.
 *
 * <p>A claim is PENDING while its attempt writes and DONE once everything is counted. A retry of a
 * DONE batch is a duplicate and counts nothing. A retry racing a PENDING attempt must not be told
 * "done" (that attempt may still fail and release the claim), so it is asked to retry later. A
 * PENDING claim older than the lease belongs to an attempt that crashed or hung: the retry takes it
 * over, otherwise the batch could never be recorded until the claim expires.
 */
public enum BatchClaimDecision {
  /** Already recorded: answer accepted=0 and count nothing. */
  DUPLICATE,
  /** Another attempt is recording it right now: ask the caller to retry later. */
  IN_PROGRESS,
  /** The earlier attempt was abandoned: take its claim over and record the batch. */
  TAKE_OVER;

  /** State value of a claim whose attempt is still writing. */
  public static final String PENDING = "PENDING";

  /** State value of a claim whose batch is fully recorded. */
  public static final String DONE = "DONE";

  /** Decides from the existing claim's state and claim time. */
  public static BatchClaimDecision decide(
      String state, Instant claimedAt, Instant now, Duration lease) {
    if (DONE.equals(state)) {
      return DUPLICATE;
    }
    if (claimedAt == null || !now.isBefore(claimedAt.plus(lease))) {
      return TAKE_OVER;
    }
    return IN_PROGRESS;
  }
}
