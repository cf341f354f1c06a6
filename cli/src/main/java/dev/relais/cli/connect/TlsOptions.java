package dev.relais.cli.connect;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --tls-cert}, {@code --tls-key}, {@code --tls-ca}, {@code --tls-server-name}: the client
 * certificate the tool presents to services that talk mutual TLS. Each file defaults to its
 * environment variable, else to the local platform's administrator files ({@link
 * ClientTls#LOCAL_DIRECTORY}).
 */
public final class TlsOptions {

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "Client certificate (PEM) for services that talk mutual TLS. Default: $"
              + ClientTls.CERT_VARIABLE
              + ", else "
              + ClientTls.LOCAL_DIRECTORY
              + "/admin.crt when ./relais up wrote it.")
  Path cert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description =
          "Its private key (PEM). Default: $"
              + ClientTls.KEY_VARIABLE
              + ", else "
              + ClientTls.LOCAL_DIRECTORY
              + "/admin.key.")
  Path key;

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description =
          "The platform's CA (PEM) that signs the services' certificates. Default: $"
              + ClientTls.CA_VARIABLE
              + ", else "
              + ClientTls.LOCAL_DIRECTORY
              + "/ca.crt.")
  Path ca;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "The name the service's certificate must hold when it differs from the host dialled,"
              + " e.g. PLATFORM-contacts behind kubectl port-forward. Default: $"
              + ClientTls.SERVER_NAME_VARIABLE
              + ", else the host dialled.")
  String serverName;
}
