package dev.relais.common.tls;

import dev.relais.common.config.ServiceConfig;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.pki.PemKeys;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Mutual TLS between the Relais services: the key and certificate a service presents, as a server
 * and as a client, and the CA that signs every service's certificate.
 *
 * <p>The three settings name PEM files, as cert-manager writes them in a certificate's Secret
 * (mounted as a volume): {@code tls.cert} ({@code tls.crt}, the certificate and its chain), {@code
 * tls.key} ({@code tls.key}, PKCS#1 or PKCS#8) and {@code tls.ca} ({@code ca.crt}, the platform's
 * CA). None set: services talk plain HTTP/2 (then NetworkPolicies are their only guard). Some but
 * not all set: the service refuses to start. Files are read once at start-up: a renewed certificate
 * is served after a restart.
 */
public final class ServiceTls {

  /** The service's certificate and chain: {@code tls.crt} of a cert-manager Secret. */
  public static final String CERT = "tls.cert";

  /** The service's private key: {@code tls.key} of a cert-manager Secret. */
  public static final String KEY = "tls.key";

  /** The platform's CA certificates: {@code ca.crt} of a cert-manager Secret. */
  public static final String CA = "tls.ca";

  private static final ServiceTls OFF = new ServiceTls(null, List.of(), List.of());

  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final List<X509Certificate> authorities;

  private ServiceTls(
      PrivateKey key, List<X509Certificate> chain, List<X509Certificate> authorities) {
    this.key = key;
    this.chain = chain;
    this.authorities = authorities;
  }

  /** No TLS: plain HTTP/2. */
  public static ServiceTls off() {
    return OFF;
  }

  /**
   * The service's TLS from {@code tls.cert}, {@code tls.key} and {@code tls.ca}, off when none is
   * set.
   *
   * @throws IllegalStateException naming the missing setting when only some are set, or the
   *     unreadable file
   */
  public static ServiceTls from(ServiceConfig config) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String setting : List.of(CERT, KEY, CA)) {
      files.put(setting, config.string(setting, "").strip());
    }
    if (files.values().stream().allMatch(String::isEmpty)) {
      return OFF;
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getValue().isEmpty()) {
        throw new IllegalStateException(
            config.service()
                + ": mutual TLS needs "
                + String.join(", ", files.keySet())
                + " together, and "
                + file.getKey()
                + " (environment variable "
                + environmentVariable(file.getKey())
                + ") is not set");
      }
      if (!Files.isReadable(Path.of(file.getValue()))) {
        throw new IllegalStateException(
            config.service()
                + ": "
                + file.getKey()
                + " names a file that cannot be read: "
                + file.getValue());
      }
    }
    return read(
        config.service(),
        Path.of(files.get(CERT)),
        Path.of(files.get(KEY)),
        Path.of(files.get(CA)),
        CERT,
        KEY,
        CA);
  }

  /**
   * The TLS of a client that is not a service (the {@code relais} CLI): its certificate, key and CA
   * from these PEM files, named in errors by the options or variables that gave them.
   *
   * @throws IllegalStateException naming the file that cannot be read or holds no PEM
   */
  public static ServiceTls fromFiles(
      String owner,
      Path cert,
      Path key,
      Path ca,
      String certSource,
      String keySource,
      String caSource) {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(certSource, cert);
    files.put(keySource, key);
    files.put(caSource, ca);
    for (Map.Entry<String, Path> file : files.entrySet()) {
      if (!Files.isReadable(file.getValue())) {
        throw new IllegalStateException(
            owner + ": " + file.getKey() + " names a file that cannot be read: " + file.getValue());
      }
    }
    return read(owner, cert, key, ca, certSource, keySource, caSource);
  }

  private static ServiceTls read(
      String owner,
      Path cert,
      Path key,
      Path ca,
      String certSource,
      String keySource,
      String caSource) {
    Keys own =
        read(
            owner,
            keySource + " and " + certSource,
            pem -> pem.key(Resource.create(key)).certChain(Resource.create(cert)));
    Keys authorities = read(owner, caSource, pem -> pem.certificates(Resource.create(ca)));
    PrivateKey privateKey =
        own.privateKey().orElseThrow(() -> unreadable(owner, keySource, "no private key"));
    if (own.certChain().isEmpty()) {
      throw unreadable(owner, certSource, "no certificate");
    }
    if (authorities.certs().isEmpty()) {
      throw unreadable(owner, caSource, "no certificate");
    }
    return new ServiceTls(
        privateKey, List.copyOf(own.certChain()), List.copyOf(authorities.certs()));
  }

  /** Whether services talk mutual TLS. */
  public boolean enabled() {
    return key != null;
  }

  /**
   * The server side: this service's certificate, and client certificates verified against the CA.
   *
   * <p>A client certificate is requested but not required by the handshake, so that the kubelet's
   * probes and Prometheus (which present none) still reach {@code /health} and {@code /metrics};
   * every gRPC call without a verified certificate is refused before it reaches a service. A
   * certificate the CA did not sign fails the handshake.
   */
  public Optional<Tls> server() {
    if (!enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        Tls.builder()
            .privateKey(key)
            .privateKeyCertChain(chain)
            .trust(authorities)
            .clientAuth(TlsClientAuth.OPTIONAL)
            .build());
  }

  /**
   * The client side: this service's certificate presented to the servers it calls, whose
   * certificate must be signed by the CA and name the host called.
   */
  public Optional<SslContext> client() {
    if (!enabled()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          GrpcSslContexts.forClient()
              .keyManager(key, chain.toArray(X509Certificate[]::new))
              .trustManager(authorities.toArray(X509Certificate[]::new))
              .build());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up the gRPC client's TLS: " + e.getMessage(), e);
    }
  }

  private static Keys read(String service, String settings, Consumer<PemKeys.Builder> files) {
    try {
      return Keys.builder().pem(files).build();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          service + ": cannot read " + settings + " as PEM: " + e.getMessage(), e);
    }
  }

  private static IllegalStateException unreadable(String service, String setting, String what) {
    return new IllegalStateException(
        service + ": " + setting + " holds " + what + " (expected PEM, as cert-manager writes it)");
  }

  private static String environmentVariable(String setting) {
    return setting.toUpperCase().replace('.', '_');
  }
}
