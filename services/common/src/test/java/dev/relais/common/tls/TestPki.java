package dev.relais.common.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
 * A throwaway platform CA for mutual TLS tests, made at run time so that no key is committed. It
 * issues component certificates as cert-manager writes them in a Secret: {@code tls.crt}, {@code
 * tls.key} (RSA, PKCS#1, cert-manager's default) and {@code ca.crt}.
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
    KeyPair component = rsa();
    GeneralNames names =
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, identity),
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            });
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name), new X500Name("CN=" + identity), component)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.subjectAlternativeName, false, names)
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(
                    new KeyPurposeId[] {
                      KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }));
    X509Certificate issued = sign(builder, keys);
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

  /** A client certificate with no DNS name, naming {@code commonName} in its subject only. */
  public X509Certificate subjectOnly(String commonName)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder =
        builder(new X500Name("CN=" + name), new X500Name("O=Relais,CN=" + commonName), rsa())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return sign(builder, keys);
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
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(pemObject);
    }
    return Files.writeString(file, pem.toString());
  }
}
