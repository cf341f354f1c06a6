package dev.relais.operator.services;

/**
 * Where the operator calls a service, as the gateways pass it around: {@code host:port} for a plain
 * HTTP/2 service, {@code tls://host:port} for one of a platform with mutual TLS (its certificate
 * must name {@code host}), {@code tls://name@host:port} when its certificate names {@code name}
 * instead (dispatch: one certificate for every route's Service).
 *
 * @param address host:port dialled
 * @param tls whether the call is mutual TLS (the operator presents its certificate)
 * @param serverName the name the server's certificate must carry; null for the host dialled
 */
public record ServiceTarget(String address, boolean tls, String serverName) {

  private static final String TLS = "tls://";

  /** A plain HTTP/2 service at host:port. */
  public static String plain(String address) {
    return address;
  }

  /** A mutual TLS service at host:port whose certificate names its host. */
  public static String mutualTls(String address) {
    return TLS + address;
  }

  /** A mutual TLS service at host:port whose certificate names {@code serverName}. */
  public static String mutualTls(String address, String serverName) {
    return TLS + serverName + "@" + address;
  }

  /** Reads a target written by {@link #plain} or {@link #mutualTls}. */
  public static ServiceTarget parse(String target) {
    if (!target.startsWith(TLS)) {
      return new ServiceTarget(target, false, null);
    }
    String rest = target.substring(TLS.length());
    int at = rest.indexOf('@');
    return at < 0
        ? new ServiceTarget(rest, true, null)
        : new ServiceTarget(rest.substring(at + 1), true, rest.substring(0, at));
  }
}
