package dev.relais.dispatch.smpp;

import dev.relais.common.tls.TlsTrust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.socket.SocketConnection;

/**
 * Opens the connection of one SMPP session: plain TCP, or TLS with the SMSC's certificate checked
 * against the trust bundle and its host name (SNI sent, endpoint identification on). The TLS
 * handshake runs here, within the bind timeout, so that an untrusted certificate fails the bind
 * with a readable reason instead of surfacing later as a lost session.
 */
public final class SmscConnector {

  private final SSLSocketFactory tls;
  private final int timeoutMillis;

  private SmscConnector(SSLSocketFactory tls, Duration timeout) {
    this.tls = tls;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  /**
   * The connector for these settings.
   *
   * @throws IllegalArgumentException if TLS is on and the trust bundle cannot be read
   */
  public static SmscConnector from(SmppSettings settings) {
    return new SmscConnector(
        settings.tls()
            ? TlsTrust.context(settings.tlsTrust(), "smpp.tlstrust").getSocketFactory()
            : null,
        settings.bindTimeout());
  }

  /** Whether connections are encrypted. */
  public boolean tls() {
    return tls != null;
  }

  /** Connects (and completes the TLS handshake) to the SMSC. */
  public Connection open(String host, int port) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      if (tls == null) {
        return new SocketConnection(plain);
      }
      SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      // Off by default for raw SSLSockets: without it any certificate of a trusted CA would do.
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(timeoutMillis);
      try {
        socket.startHandshake();
      } catch (SSLException e) {
        throw new IOException(
            "TLS handshake with " + host + ":" + port + " failed: " + reason(e), e);
      }
      socket.setSoTimeout(0);
      return new SocketConnection(socket);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** The innermost message: the JDK wraps the certificate problem in several layers. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String hint =
        cause instanceof java.security.cert.CertPathBuilderException
            ? " (the SMSC's certificate does not chain to a trusted CA: check the route's tlsTrust)"
            : "";
    return cause.getMessage() + hint;
  }
}
