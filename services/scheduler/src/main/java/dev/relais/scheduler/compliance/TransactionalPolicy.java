package dev.relais.scheduler.compliance;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Transactional messages (reminders, shipping, one-time codes) follow the customer's own action and
 * may be sent at any time.
 */
public final class TransactionalPolicy implements CompliancePolicy {

  public static final String NAME = "transactional";

  @Override
  public String name() {
    return NAME;
  }

  /** Marketing at any hour would bypass quiet hours: a marketing campaign cannot pick it. */
  @Override
  public boolean allowsMarketing() {
    return false;
  }

  @Override
  public Instant firstAllowed(Instant candidate, ZoneId recipientZone) {
    return candidate;
  }
}
