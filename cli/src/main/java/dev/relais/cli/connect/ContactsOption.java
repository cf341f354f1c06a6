package dev.relais.cli.connect;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --contacts HOST:PORT}: where the contacts service answers. */
public final class ContactsOption {

  @Option(
      names = "--contacts",
      paramLabel = "HOST:PORT",
      description =
          "The contacts service, e.g. 127.0.0.1:9091 behind kubectl port-forward svc/PLATFORM-contacts"
              + " 9091:9091. Default: $RELAIS_CONTACTS, else the local platform's "
              + ServiceLocator.SERVICES_FILE
              + " (written by ./relais up).")
  private String address;

  @Mixin private TlsOptions tls = new TlsOptions();

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  /** A connection to the contacts service, each call limited to {@code timeout}. */
  public ServiceConnection connect(Duration timeout) {
    return ServiceOptions.connect(command, Service.CONTACTS, address, tls, timeout);
  }
}
