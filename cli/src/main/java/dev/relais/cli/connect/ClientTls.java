package dev.relais.cli.connect;

import dev.relais.common.tls.ServiceTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutual TLS of the tool's connections: its client certificate, key and the platform's CA, and
 * the name the service's certificate must hold. Each file comes from its option, else its
 * environment variable, else the administrator files the local platform writes ({@value
 * #LOCAL_DIRECTORY}, found like the services' addresses, from the working directory up to the
 * repository's root). None found: plain text. Some but not all: refused, naming the missing ones.
 */
public final class ClientTls {

  /** Where {@code ./relais up} writes the administrator's certificate, from the repository root. */
  public static final String LOCAL_DIRECTORY = ".relais/tls";

  static final String CERT_VARIABLE = "RELAIS_TLS_CERT";
  static final String KEY_VARIABLE = "RELAIS_TLS_KEY";
  static final String CA_VARIABLE = "RELAIS_TLS_CA";
  static final String SERVER_NAME_VARIABLE = "RELAIS_TLS_SERVER_NAME";

  private static final ClientTls PLAIN = new ClientTls(ServiceTls.off(), Optional.empty());

  private final ServiceTls tls;
  private final Optional<String> serverName;

  private ClientTls(ServiceTls tls, Optional<String> serverName) {
    this.tls = tls;
    this.serverName = serverName;
  }

  /** The certificate the tool presents, or none (plain text). */
  public ServiceTls tls() {
    return tls;
  }

  /** The name the service's certificate must hold instead of the host dialled, if one is given. */
  public Optional<String> serverName() {
    return serverName;
  }

  /** Plain text: no certificate. */
  static ClientTls plain() {
    return PLAIN;
  }

  /** One of the three files and where it was found (an option, a variable, a local file). */
  private record Found(Path file, String source) {}

  /**
   * The TLS of a connection, from the options given (null fields when not), the environment and the
   * local platform's directory ({@code localDirectory}, null when there is none).
   *
   * @throws CliException ({@link ExitCodes#USAGE}) when some files are given but not all, or one
   *     cannot be read as PEM
   */
  static ClientTls resolve(
      TlsOptions options, Map<String, String> environment, Path workingDirectory, Path local) {
    Optional<Found> cert =
        find(options.cert, "--tls-cert", CERT_VARIABLE, environment, local, "admin.crt");
    Optional<Found> key =
        find(options.key, "--tls-key", KEY_VARIABLE, environment, local, "admin.key");
    Optional<Found> ca = find(options.ca, "--tls-ca", CA_VARIABLE, environment, local, "ca.crt");
    Optional<String> serverName =
        Optional.ofNullable(options.serverName)
            .or(() -> Optional.ofNullable(environment.get(SERVER_NAME_VARIABLE)))
            .map(String::strip)
            .filter(name -> !name.isEmpty());
    if (cert.isEmpty() && key.isEmpty() && ca.isEmpty()) {
      if (serverName.isPresent()) {
        throw new CliException(
            ExitCodes.USAGE,
            "--tls-server-name needs a client certificate: give --tls-cert, --tls-key and"
                + " --tls-ca (or "
                + CERT_VARIABLE
                + ", "
                + KEY_VARIABLE
                + ", "
                + CA_VARIABLE
                + ")");
      }
      return PLAIN;
    }
    List<String> missing = new ArrayList<>();
    if (cert.isEmpty()) {
      missing.add("--tls-cert (or " + CERT_VARIABLE + ")");
    }
    if (key.isEmpty()) {
      missing.add("--tls-key (or " + KEY_VARIABLE + ")");
    }
    if (ca.isEmpty()) {
      missing.add("--tls-ca (or " + CA_VARIABLE + ")");
    }
    if (!missing.isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE,
          "mutual TLS needs a certificate, its key and the platform's CA together; missing: "
              + String.join(", ", missing));
    }
    Path base = workingDirectory.toAbsolutePath().normalize();
    try {
      return new ClientTls(
          ServiceTls.fromFiles(
              "relais-cli",
              base.resolve(cert.get().file()),
              base.resolve(key.get().file()),
              base.resolve(ca.get().file()),
              cert.get().source(),
              key.get().source(),
              ca.get().source()),
          serverName);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
  }

  private static Optional<Found> find(
      Path option,
      String optionName,
      String variable,
      Map<String, String> environment,
      Path local,
      String localFile) {
    if (option != null) {
      return Optional.of(new Found(option, optionName));
    }
    String value = environment.get(variable);
    if (value != null && !value.isBlank()) {
      return Optional.of(new Found(Path.of(value.strip()), variable));
    }
    if (local != null && Files.isRegularFile(local.resolve(localFile))) {
      Path file = local.resolve(localFile);
      return Optional.of(new Found(file, file.toString()));
    }
    return Optional.empty();
  }
}
