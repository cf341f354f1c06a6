package dev.relais.dispatch.smpp;

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
 * The TLS context an SMSC connection is verified with: the JDK's default CAs, or only the CA
 * certificates of a PEM trust bundle (a carrier's private CA). Client certificates are not used:
 * SMPP authenticates the account with system_id and password inside the tunnel.
 */
public final class TlsTrust {

  private TlsTrust() {}

  /**
   * A context trusting exactly the certificates of {@code pemBundle}, or the JDK's defaults when it
   * is blank.
   *
   * @throws IllegalArgumentException if the bundle holds no readable certificate
   */
  public static SSLContext context(String pemBundle) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (pemBundle == null || pemBundle.isBlank()) {
        context.init(null, null, null);
        return context;
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keyStore(pemBundle));
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The bundle's certificates as trusted entries of an in-memory key store. */
  static KeyStore keyStore(String pemBundle) {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pemBundle.strip().getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "smpp.tlstrust is not a PEM bundle of CA certificates: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("smpp.tlstrust holds no certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        if (!(certificate instanceof X509Certificate)) {
          throw new IllegalArgumentException("smpp.tlstrust holds a non-X.509 certificate");
        }
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot load smpp.tlstrust: " + e.getMessage(), e);
    }
  }
}
