package dev.relais.local.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a node asks of its clients, as a production cluster does: TLS with the key and certificate
 * of a PKCS#12 key store, and a login (PasswordAuthenticator, superuser cassandra/cassandra).
 *
 * @param keyStore PKCS#12 key store with the node's key and certificate; null for plain CQL
 * @param keyStorePassword its password (also the key's)
 * @param passwordAuthentication whether clients must log in
 */
record ClientSecurity(Path keyStore, String keyStorePassword, boolean passwordAuthentication) {

  /** The local default: plain CQL, no login. */
  static final ClientSecurity NONE = new ClientSecurity(null, null, false);

  /** The superuser Cassandra creates when password authentication is on. */
  static final String SUPERUSER = "cassandra";

  boolean tls() {
    return keyStore != null;
  }

  /** The cassandra.yaml lines, empty for {@link #NONE}. */
  String yaml() {
    StringBuilder yaml = new StringBuilder();
    if (tls()) {
      yaml.append("client_encryption_options:\n")
          .append("  enabled: true\n")
          // Every client must speak TLS on the one CQL port.
          .append("  optional: false\n")
          .append("  keystore: '")
          .append(keyStore.toString().replace("'", "''"))
          .append("'\n")
          .append("  keystore_password: '")
          .append(keyStorePassword.replace("'", "''"))
          .append("'\n")
          .append("  store_type: PKCS12\n");
    }
    if (passwordAuthentication) {
      yaml.append("authenticator: PasswordAuthenticator\n");
    }
    return yaml.toString();
  }

  /** The readiness probe's TLS: it trusts the node's own certificate, and nothing else. */
  SSLContext probeContext() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, keyStorePassword.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the node's key store " + keyStore, e);
    }
  }
}
