package dev.relais.cli.connect;

import java.util.Locale;

/** A Relais service the tool calls, with the names its address goes by. */
public enum Service {
  CONTACTS(9091),
  SCHEDULER(9092),
  ANALYTICS(9094);

  private final int clusterPort;

  Service(int clusterPort) {
    this.clusterPort = clusterPort;
  }

  /** Lower-case name: the key in {@code services.properties}, the option without its dashes. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The command-line option naming its address, e.g. {@code --contacts}. */
  public String option() {
    return "--" + key();
  }

  /** The environment variable naming its address, e.g. {@code RELAIS_CONTACTS}. */
  public String environmentVariable() {
    return "RELAIS_" + name();
  }

  /** The port the service listens on in a cluster, for the port-forward hint. */
  public int clusterPort() {
    return clusterPort;
  }
}
