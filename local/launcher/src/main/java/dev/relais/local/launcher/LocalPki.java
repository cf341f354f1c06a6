package dev.relais.local.launcher;

import dev.relais.operator.model.PlatformTls;
import dev.relais.operator.model.RelaisService;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The local platform's mutual TLS, made at start-up: a CA of its own, one certificate per component
 * in the Secret the SmsPlatform's spec.tls.mode Secrets names ({@code <platform>-<component>-tls},
 * keys tls.crt, tls.key, ca.crt), and the certificates of the in-process operator (relais-operator)
 * and of the person at the keyboard (relais-admin, for the CLI and the launcher's own calls),
 * written as files with the CA.
 *
 * <p>A component's certificate names its identity first, then its Service's names, then {@code
 * localhost} and 127.0.0.1: locally every service is dialled at 127.0.0.1 (the kubelet's proxies).
 * Keys are RSA 2048 in PKCS#8, files 0600; the CA's key is never written and the certificates last
 * 30 days (a new run makes new ones).
 */
public final class LocalPki {

  /** How long the certificates of one run are valid. */
  static final Duration VALIDITY = Duration.ofDays(30);

  private final Path directory;
  private final List<Secret> secrets;

  private LocalPki(Path directory, List<Secret> secrets) {
    this.directory = directory;
    this.secrets = List.copyOf(secrets);
  }

  /**
   * Makes the CA and every certificate of the platform {@code platform} in {@code namespace},
   * writing ca.crt, operator.crt|key and admin.crt|key into {@code directory}.
   */
  public static LocalPki create(Path directory, String platform, String namespace) {
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      KeyPair caKeys = keys();
      X500Name caName = new X500Name("CN=relais local CA " + platform + "." + namespace);
      X509Certificate ca =
          sign(
              builder(caName, caName, caKeys)
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              caKeys);
      String caPem = pem(ca);
      List<Secret> secrets = new ArrayList<>();
      for (RelaisService component : PlatformTls.COMPONENTS) {
        List<String> names = new ArrayList<>(PlatformTls.dnsNames(platform, namespace, component));
        names.add("localhost");
        KeyPair keys = keys();
        X509Certificate certificate = issue(ca, caKeys, keys, names);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tls.crt", pem(certificate));
        data.put("tls.key", pkcs8(keys));
        data.put("ca.crt", caPem);
        secrets.add(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PlatformTls.secretName(platform, component))
                .withNamespace(namespace)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withStringData(data)
                .build());
      }
      write(directory.resolve("ca.crt"), caPem);
      for (String identity : List.of("operator", "admin")) {
        KeyPair keys = keys();
        X509Certificate certificate =
            issue(ca, caKeys, keys, List.of("relais-" + identity, "localhost"));
        write(directory.resolve(identity + ".crt"), pem(certificate));
        write(directory.resolve(identity + ".key"), pkcs8(keys));
      }
      return new LocalPki(directory, secrets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local certificates in " + directory, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the local certificates", e);
    }
  }

  /** The components' Secrets, to create in the local API server before the SmsPlatform. */
  public List<Secret> secrets() {
    return secrets;
  }

  /** The directory holding ca.crt and the operator's and admin's certificates and keys. */
  public Path directory() {
    return directory;
  }

  /** The CA certificate every component's certificate chains to. */
  public Path ca() {
    return directory.resolve("ca.crt");
  }

  /** The certificate of {@code identity}, "operator" or "admin". */
  public Path certificate(String identity) {
    return directory.resolve(identity + ".crt");
  }

  /** The PKCS#8 key of {@code identity}, "operator" or "admin". */
  public Path key(String identity) {
    return directory.resolve(identity + ".key");
  }

  /** The in-process operator's settings naming its certificate (OperatorTls). */
  public Map<String, String> operatorEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TLS_CERT", certificate("operator").toString());
    env.put("TLS_KEY", key("operator").toString());
    env.put("TLS_CA", ca().toString());
    return env;
  }

  private static X509Certificate issue(
      X509Certificate ca, KeyPair caKeys, KeyPair keys, List<String> dnsNames)
      throws GeneralSecurityException, IOException {
    List<GeneralName> names = new ArrayList<>();
    for (String name : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, name));
    }
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    X509v3CertificateBuilder builder =
        builder(
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + dnsNames.getFirst()),
                keys)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(names.toArray(GeneralName[]::new)))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(
                    new KeyPurposeId[] {
                      KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }));
    return sign(builder, caKeys);
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, new SecureRandom()),
        java.util.Date.from(now.minus(Duration.ofHours(1))),
        java.util.Date.from(now.plus(VALIDITY)),
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

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String pem(X509Certificate certificate) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }

  /** PKCS#8 ("PRIVATE KEY"), the form every reader of the platform takes. */
  private static String pkcs8(KeyPair keys) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return out.toString();
  }

  private static void write(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
