package dev.relais.cli.connect;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --analytics HOST:PORT}: where the analytics service answers. */
public final class AnalyticsOption {

  @Option(
      names = "--analytics",
      paramLabel = "HOST:PORT",
      description =
          "The analytics service, e.g. 127.0.0.1:9094 behind kubectl port-forward"
              + " svc/PLATFORM-analytics 9094:9094. Default: $RELAIS_ANALYTICS, else the local"
              + " platform's "
              + ServiceLocator.SERVICES_FILE
              + " (written by ./relais up).")
  private String address;

  @Mixin private TlsOptions tls = new TlsOptions();

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  /** A connection to the analytics service, each call limited to {@code timeout}. */
  public ServiceConnection connect(Duration timeout) {
    return ServiceOptions.connect(command, Service.ANALYTICS, address, tls, timeout);
  }
}
