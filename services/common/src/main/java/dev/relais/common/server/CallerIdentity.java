package dev.relais.common.server;

import io.grpc.Context;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who is calling a gRPC service, as its client certificate says: the certificate's first DNS name
 * (cert-manager's {@code dnsNames}, which lists the component's own name first, e.g. {@code
 * relais-scheduler}), or its common name when it has no DNS name.
 *
 * <p>Known only with mutual TLS on ({@link dev.relais.common.tls.ServiceTls}): without it no call
 * has an identity.
 */
public final class CallerIdentity {

  /** The verified identity of the current call's caller, set before the service handles it. */
  static final Context.Key<String> KEY = Context.key("relais.caller");

  /** The SAN type of a DNS name (RFC 5280, GeneralName dNSName). */
  private static final int DNS_NAME = 2;

  private CallerIdentity() {}

  /** The caller of the gRPC call being handled, when mutual TLS identified it. */
  public static Optional<String> current() {
    return Optional.ofNullable(KEY.get());
  }

  /** The identity a certificate names: its first DNS name, else its common name. */
  public static Optional<String> of(X509Certificate certificate) {
    return firstDnsName(certificate).or(() -> commonName(certificate));
  }

  private static Optional<String> firstDnsName(X509Certificate certificate) {
    try {
      var names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      for (List<?> name : names) {
        if (name.get(0) instanceof Integer type && type == DNS_NAME) {
          return Optional.of(name.get(1).toString());
        }
      }
      return Optional.empty();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    try {
      List<Rdn> parts = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
      return parts.stream()
          .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
          .map(rdn -> rdn.getValue().toString())
          .reduce((first, last) -> last);
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }
}
