package dev.relais.common.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA for TLS tests, made at run time so that no key is committed. As the platform's CA
 * it issues component certificates as cert-manager writes them in a Secret: {@code tls.crt}, {@code
 * tls.key} (RSA, PKCS#1, cert-manager's default) and {@code ca.crt}; as a carrier's private CA, an
 * SMSC's server context and the PEM trust bundle a route gives.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestPki(String name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA. */
  public static TestPki newCa(String name) throws GeneralSecurityException, IOException {
    KeyPair keys = rsa();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder =
        builder(subject, subject, keys)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestPki(name, keys, sign(builder, keys));
  }

  /**
   * Writes the Secret of a component named {@code identity} into {@code directory}/{@code
   * identity}: a certificate for client and server use whose DNS names are the identity first, then
   * {@code localhost}, with the IP address 127.0.0.1 (the loopback servers of tests).
   *
   * @return the service settings naming the three files
   */
  public Map<String, String> issue(Path directory, String identity)
      throws GeneralSecurityException, IOException {
    return issue(directory, identity, "localhost", "127.0.0.1");
  }

  /**
   * As {@link #issue(Path, String)}, with these host names after the identity instead: DNS names or
   * IP addresses (e.g. only a Service's names, to test that a client checks the host it dials).
   */
  public Map<String, String> issue(Path directory, String identity, String... hosts)
      throws GeneralSecurityException, IOException {
    KeyPair component = rsa();
    String[] names = new String[hosts.length + 1];
    names[0] = identity;
    System.arraycopy(hosts, 0, names, 1, hosts.length);
    X509Certificate issued =
        signed(
            component,
            identity,
            alternativeNames(names),
            KeyPurposeId.id_kp_serverAuth,
            KeyPurposeId.id_kp_clientAuth);
    Path secret = Files.createDirectories(directory.resolve(identity));
    Path crt = write(secret.resolve("tls.crt"), issued);
    Path key = write(secret.resolve("tls.key"), component.getPrivate());
    Path ca = write(secret.resolve("ca.crt"), certificate);
    return Map.of(
        ServiceTls.CERT,
        crt.toString(),
        ServiceTls.KEY,
        key.toString(),
        ServiceTls.CA,
        ca.toString());
  }

  /** The CA certificate as PEM: a trust bundle (e.g. what a route's {@code tlsTrust} carries). */
  public String caPem() throws IOException {
    return pem(certificate);
  }

  /**
   * A TLS server context (an SMSC's) presenting a key and certificate signed by this CA, valid for
   * these names: IP addresses (e.g. 127.0.0.1) or DNS names, the first one also its common name.
   */
  public SSLContext serverContext(String... names) throws GeneralSecurityException, IOException {
    KeyPair server = rsa();
    X509Certificate issued =
        signed(server, names[0], alternativeNames(names), KeyPurposeId.id_kp_serverAuth);
    char[] password = "test".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server", server.getPrivate(), password, new Certificate[] {issued, certificate});
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    return context;
  }

  /** A client certificate with no DNS name, naming {@code commonName} in its subject only. */
  public X509Certificate subjectOnly(String commonName)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name), new X500Name("O=Relais,CN=" + commonName), rsa())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return sign(builder, keys);
  }

  private X509Certificate signed(
      KeyPair component, String commonName, GeneralName[] names, KeyPurposeId... purposes)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name), new X500Name("CN=" + commonName), component)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
    return sign(builder, keys);
  }

  private static GeneralName[] alternativeNames(String... names) {
    GeneralName[] alternatives = new GeneralName[names.length];
    for (int i = 0; i < names.length; i++) {
      alternatives[i] =
          new GeneralName(
              names[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
    }
    return alternatives;
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(Instant.now().minus(Duration.ofHours(1))),
        Date.from(Instant.now().plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    return Files.writeString(file, pem(pemObject));
  }

  private static String pem(Object pemObject) throws IOException {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(pemObject);
    }
    return pem.toString();
  }
}
