package dev.relais.common.grpc;

import java.net.InetSocketAddress;

/** A "host:port" address as services name each other in configuration. */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses {@code host:port}; a bare host gets {@code defaultPort}. */
  public static HostPort parse(String text, int defaultPort) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      return new HostPort(s, defaultPort);
    }
    try {
      return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a host:port address: " + text, e);
    }
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
