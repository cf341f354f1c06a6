package dev.relais.operator.services;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The operator's own certificate, presented when it calls the services of a platform with mutual
 * TLS (identity relais-operator): PEM files named by TLS_CERT, TLS_KEY (PKCS#8) and TLS_CA, as the
 * chart mounts its Secret at /etc/relais/tls. None set: the operator has no certificate and calls
 * only platforms without TLS. Files are read when the first channel is opened.
 *
 * @param cert certificate and chain; null without a certificate
 * @param key private key, PKCS#8
 * @param ca the CA certificates the services' certificates must chain to
 */
public record OperatorTls(Path cert, Path key, Path ca) {

  /** The operator has no certificate. */
  public static final OperatorTls NONE = new OperatorTls(null, null, null);

  /**
   * The certificate named by TLS_CERT, TLS_KEY and TLS_CA in {@code env}.
   *
   * @throws IllegalArgumentException naming what is missing when only some are set, or a file that
   *     cannot be read
   */
  public static OperatorTls from(Map<String, String> env) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String name : new String[] {"TLS_CERT", "TLS_KEY", "TLS_CA"}) {
      String value = env.get(name);
      files.put(name, value == null ? "" : value.strip());
    }
    if (files.values().stream().allMatch(String::isEmpty)) {
      return NONE;
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "the operator's certificate needs TLS_CERT, TLS_KEY and TLS_CA together; "
                + file.getKey()
                + " is not set");
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (!Files.isReadable(Path.of(file.getValue()))) {
        throw new IllegalArgumentException(
            file.getKey() + " names a file that cannot be read: " + file.getValue());
      }
    }
    return new OperatorTls(
        Path.of(files.get("TLS_CERT")),
        Path.of(files.get("TLS_KEY")),
        Path.of(files.get("TLS_CA")));
  }

  /** Whether the operator has a certificate to call platforms with mutual TLS. */
  public boolean present() {
    return cert != null;
  }

  /**
   * The client side of the operator's channels: its certificate, and servers' certificates checked
   * against the CA; empty without a certificate.
   *
   * @throws ServiceCallException when the files are not a PEM certificate and PKCS#8 key
   */
  public Optional<SslContext> client() {
    if (!present()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          GrpcSslContexts.forClient()
              .keyManager(cert.toFile(), key.toFile())
              .trustManager(new File(ca.toString()))
              .build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new ServiceCallException(
          "the operator's certificate (TLS_CERT "
              + cert
              + ", TLS_KEY "
              + key
              + " in PKCS#8, TLS_CA "
              + ca
              + ") cannot be read: "
              + e.getMessage(),
          false,
          e);
    }
  }
}
