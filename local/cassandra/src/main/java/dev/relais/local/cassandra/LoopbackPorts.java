package dev.relais.local.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Picks free TCP ports on 127.0.0.1, never the same one twice within one allocator. */
final class LoopbackPorts {

  private final Set<Integer> handedOut = new HashSet<>();

  /** A port that is free now; a small race with other processes is accepted. */
  int free() {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = bindAndRelease(0);
      if (handedOut.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("Could not find a free port on 127.0.0.1");
  }

  /** The preferred port when it is free, else any free port. */
  int preferred(int port) {
    if (port > 0 && !handedOut.contains(port) && isFree(port)) {
      handedOut.add(port);
      return port;
    }
    return free();
  }

  /** Exactly this port, which must be free. */
  int required(int port, String purpose) {
    if (handedOut.contains(port) || !isFree(port)) {
      throw new IllegalStateException(
          purpose + " port " + port + " on 127.0.0.1 is already in use");
    }
    handedOut.add(port);
    return port;
  }

  static boolean isFree(int port) {
    try {
      bindAndRelease(port);
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private static int bindAndRelease(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
