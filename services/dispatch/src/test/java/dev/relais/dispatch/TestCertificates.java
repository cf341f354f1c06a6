package dev.relais.dispatch;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificate authorities for TLS tests, made in memory at run time so that no private
 * key is ever committed: a CA, the PEM of its certificate (the trust bundle a route would give),
 * and server identities it signs for the SMSC simulator.
 */
public final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;

  private TestCertificates(KeyPair caKeys, X509Certificate caCertificate) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
  }

  /** A new self-signed CA named {@code name}. */
  public static TestCertificates newCa(String name) throws Exception {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name + ",O=Relais tests");
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))),
                subject,
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestCertificates(keys, sign(builder, keys));
  }

  /** The CA certificate as PEM: what {@code smpp.tlstrust} (a route's tlsTrust) carries. */
  public String caPem() throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(caCertificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /**
   * A TLS server context presenting a key and certificate signed by this CA, valid for these names:
   * IP addresses (e.g. 127.0.0.1) or DNS names.
   */
  public SSLContext serverContext(String... names) throws Exception {
    KeyPair keys = keyPair();
    List<GeneralName> alternatives = new ArrayList<>();
    for (String name : names) {
      alternatives.add(
          new GeneralName(
              name.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                caCertificate,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))),
                new X500Name("CN=" + names[0] + ",O=Relais tests"),
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(alternatives.toArray(GeneralName[]::new)))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509Certificate certificate = sign(builder, caKeys);
    char[] password = "test".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "smsc", keys.getPrivate(), password, new Certificate[] {certificate, caCertificate});
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws Exception {
    ContentSigner contentSigner =
        new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
  }
}
