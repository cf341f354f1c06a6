package dev.relais.local.cassandra.child;

import java.util.Optional;
import org.apache.cassandra.service.CassandraDaemon;

/**
 * Entry point of the child JVM: runs CassandraDaemon and exits (draining Cassandra through its
 * shutdown hook) when the JVM that started it is gone, so that a killed test run leaves no node
 * behind. Compiled for Java 11, the oldest JDK the child may run on.
 */
public final class ParentWatchingCassandraDaemon {

  private ParentWatchingCassandraDaemon() {}

  public static void main(String[] args) {
    String parentPid = System.getProperty("relais.parent.pid");
    if (parentPid != null) {
      Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
      if (!parent.isPresent()) {
        System.err.println("relais: parent process " + parentPid + " is gone; not starting");
        System.exit(1);
      }
      parent
          .get()
          .onExit()
          .thenRun(() -> {
            System.err.println("relais: parent process " + parentPid + " exited; stopping");
            System.exit(0);
          });
    }
    CassandraDaemon.main(args);
  }
}
