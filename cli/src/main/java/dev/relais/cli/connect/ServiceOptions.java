package dev.relais.cli.connect;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** Opens the connection a command's service option (or the other sources) names. */
final class ServiceOptions {

  private ServiceOptions() {}

  static ServiceConnection connect(
      CommandSpec command, Service service, String option, Duration timeout) {
    return ServiceConnection.open(ServiceLocator.of(command).locate(service, option), timeout);
  }
}
