package dev.relais.cli.connect;

/**
 * Where a service answers, and where that address came from (an option, an environment variable,
 * the local platform's file), so that an error can say which setting to fix.
 */
public record ServiceAddress(Service service, String host, int port, String source) {

  /**
   * Parses {@code host:port} ({@code [::1]:9091} for IPv6).
   *
   * @throws CliException when it is not such an address
   */
  public static ServiceAddress parse(Service service, String text, String source) {
    String value = text.strip();
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new CliException(
          ExitCodes.NO_ADDRESS,
          "the "
              + service.key()
              + " address '"
              + text
              + "' from "
              + source
              + " is not host:port, e.g. 127.0.0.1:"
              + service.clusterPort());
    }
    return new ServiceAddress(service, host, port, source);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
