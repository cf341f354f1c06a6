package dev.relais.links.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.links.token.KeyedLinkTokens;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The secret key of link tokens (table {@code token_key}): drawn by the first links service to
 * start and written once by a lightweight transaction, so that every replica, and every restart,
 * derives the same tokens.
 */
public final class TokenKeyDao {

  private TokenKeyDao() {}

  /** The keyspace's key, written now with a new random one if there is none yet. */
  public static byte[] loadOrCreate(CqlSession session) {
    byte[] fresh = new byte[KeyedLinkTokens.KEY_BYTES];
    new SecureRandom().nextBytes(fresh);
    ResultSet result =
        session.execute(
            SimpleStatement.newInstance(
                    "INSERT INTO token_key (id, secret) VALUES (0, ?) IF NOT EXISTS",
                    ByteBuffer.wrap(fresh))
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
    if (result.wasApplied()) {
      return fresh;
    }
    // Not applied: the row returned is the key another start wrote first.
    ByteBuffer stored = result.one().getByteBuffer("secret");
    byte[] key = new byte[stored.remaining()];
    stored.get(key);
    return key;
  }
}
