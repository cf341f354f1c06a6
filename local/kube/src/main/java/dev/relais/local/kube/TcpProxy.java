package dev.relais.local.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Service's virtual IP in the local mode: a loopback listener that forwards each connection to a
 * ready endpoint, chosen when the connection opens (as kube-proxy does). Bytes are piped both ways
 * on virtual threads; gRPC's HTTP/2 passes through unchanged.
 */
final class TcpProxy implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TcpProxy.class.getName());

  private final String name;
  private final ServerSocket listener;
  private final Supplier<Optional<Integer>> endpoint;
  private volatile boolean closed;

  /**
   * @param port the loopback port to listen on; 0 for a free one
   * @param endpoint a ready endpoint's loopback port, chosen per connection; empty when none
   */
  TcpProxy(String name, int port, Supplier<Optional<Integer>> endpoint) throws IOException {
    this.name = name;
    this.endpoint = endpoint;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread.ofVirtual().name("proxy-" + name).start(this::acceptForever);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptForever() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Thread.ofVirtual().name("proxy-" + name + "-conn").start(() -> forward(client));
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "proxy " + name + " stopped accepting", e);
        }
        return;
      }
    }
  }

  private void forward(Socket client) {
    Optional<Integer> target = endpoint.get();
    if (target.isEmpty()) {
      // No ready endpoint: refuse as a Service without endpoints does.
      closeQuietly(client);
      return;
    }
    try (client;
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target.get())) {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      Thread back = Thread.ofVirtual().start(() -> pipe(upstream, client));
      pipe(client, upstream);
      back.join();
    } catch (IOException e) {
      LOG.log(Level.FINE, "proxy " + name + ": connection ended", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Copies until end of stream, then half-closes the other side so it sees the end too. */
  private static void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
