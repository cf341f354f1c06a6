package dev.relais.smsc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The simulator's TLS identity, from a PKCS#12 key store holding its key and certificate chain. */
final class ServerTls {

  private ServerTls() {}

  /**
   * A server context presenting the key store's key.
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no usable key
   */
  static SSLContext fromPkcs12(Path keyStore, char[] password) {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use " + keyStore + " as the TLS key store: " + e.getMessage(), e);
    }
  }
}
