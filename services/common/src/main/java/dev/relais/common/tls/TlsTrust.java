package dev.relais.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context a client connection (to an SMSC, to Cassandra) is verified with: the JDK's
 * default CAs, or only the CA certificates of a PEM trust bundle (a carrier's or a database's
 * private CA). Client certificates are not used: both protocols authenticate the account with a
 * name and password inside the tunnel.
 */
public final class TlsTrust {

  private TlsTrust() {}

  /**
   * A context trusting exactly the certificates of {@code pemBundle}, or the JDK's defaults when it
   * is blank.
   *
   * @param setting the setting the bundle comes from, named in errors (e.g. smpp.tlstrust)
   * @throws IllegalArgumentException if the bundle holds no readable certificate
   */
  public static SSLContext context(String pemBundle, String setting) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (pemBundle == null || pemBundle.isBlank()) {
        context.init(null, null, null);
        return context;
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keyStore(pemBundle, setting));
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The bundle's certificates as trusted entries of an in-memory key store. */
  public static KeyStore keyStore(String pemBundle, String setting) {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pemBundle.strip().getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          setting + " is not a PEM bundle of CA certificates: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(setting + " holds no certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        if (!(certificate instanceof X509Certificate)) {
          throw new IllegalArgumentException(setting + " holds a non-X.509 certificate");
        }
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot load " + setting + ": " + e.getMessage(), e);
    }
  }
}
