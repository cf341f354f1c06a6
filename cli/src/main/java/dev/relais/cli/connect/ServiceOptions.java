package dev.relais.cli.connect;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** Opens the connection a command's service option (or the other sources) names. */
final class ServiceOptions {

  private ServiceOptions() {}

  static ServiceConnection connect(
      CommandSpec command, Service service, String option, TlsOptions tls, Duration timeout) {
    ServiceLocator locator = ServiceLocator.of(command);
    return ServiceConnection.open(locator.locate(service, option), timeout, locator.tls(tls));
  }
}
