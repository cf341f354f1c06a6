package dev.relais.local.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * One node's directory: Cassandra's data sub-directories, an exclusive lock, and the storage port
 * kept across restarts.
 */
final class NodeDirectory implements AutoCloseable {

  private static final String LOCK_FILE = "relais-node.lock";
  private static final String STATE_FILE = "relais-node.properties";
  private static final String STORAGE_PORT = "storage_port";

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private NodeDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the directory layout if needed and locks it: two Cassandra processes sharing a commit
   * log would corrupt each other, and Cassandra itself does not guard against that.
   */
  static NodeDirectory open(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      FileChannel channel =
          FileChannel.open(
              absolute.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "Cassandra data directory " + absolute + " is already used by a running node");
      }
      NodeDirectory dir = new NodeDirectory(absolute, channel, lock);
      for (Path sub :
          new Path[] {
            dir.data(),
            dir.commitlog(),
            dir.hints(),
            dir.savedCaches(),
            dir.cdcRaw(),
            dir.triggers()
          }) {
        Files.createDirectories(sub);
      }
      Files.createDirectories(dir.conf());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare Cassandra data directory " + absolute, e);
    }
  }

  Path root() {
    return root;
  }

  Path data() {
    return root.resolve("data");
  }

  Path commitlog() {
    return root.resolve("commitlog");
  }

  Path hints() {
    return root.resolve("hints");
  }

  Path savedCaches() {
    return root.resolve("saved_caches");
  }

  Path cdcRaw() {
    return root.resolve("cdc_raw");
  }

  /** Cassandra warns every minute when its trigger directory is missing, so there is one. */
  Path triggers() {
    return root.resolve("triggers");
  }

  /** Generated configuration; rewritten at every start because ports may change. */
  Path conf() {
    return root.resolve("conf");
  }

  /** The storage port of the previous run, so that a restarted node keeps its gossip identity. */
  OptionalInt previousStoragePort() {
    Path state = root.resolve(STATE_FILE);
    if (!Files.isRegularFile(state)) {
      return OptionalInt.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(state)) {
      properties.load(in);
      String port = properties.getProperty(STORAGE_PORT);
      return port == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port.strip()));
    } catch (IOException | IllegalArgumentException e) {
      return OptionalInt.empty();
    }
  }

  void rememberStoragePort(int port) {
    Properties properties = new Properties();
    properties.setProperty(STORAGE_PORT, Integer.toString(port));
    try (OutputStream out = Files.newOutputStream(root.resolve(STATE_FILE))) {
      properties.store(out, "Written by relais-local-cassandra");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // Closing the channel releases the lock anyway; nothing left to do.
    }
  }
}
