package dev.relais.local.cassandra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of the child JVM that runs Cassandra. */
final class CassandraCommandLine {

  /** The class the child JVM starts: CassandraDaemon, stopped when its parent process dies. */
  static final String CHILD_MAIN = "dev.relais.local.cassandra.child.ParentWatchingCassandraDaemon";

  /** System property naming the process whose death stops the child. */
  static final String PARENT_PID_PROPERTY = "relais.parent.pid";

  /**
   * Cassandra reaches into JDK internals; these are the flags of its own jvm17-server.options. JDK
   * 11 accepts them too.
   */
  private static final List<String> MODULE_FLAGS =
      List.of(
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports=java.sql/java.sql=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");

  /** Everything that varies between two starts of a node. */
  record Spec(
      Path java,
      Path classpathArgFile,
      Path configFile,
      Path logbackFile,
      NodeDirectory dir,
      String heapSize,
      int jmxPort,
      long parentPid,
      boolean lazySchemaFlush) {}

  private CassandraCommandLine() {}

  static List<String> build(Spec spec) {
    List<String> command = new ArrayList<>();
    command.add(spec.java().toString());
    // About 100 jar paths: an argument file keeps ps output and ARG_MAX in check.
    command.add("@" + spec.classpathArgFile());
    command.add("-Xms" + spec.heapSize());
    command.add("-Xmx" + spec.heapSize());
    command.add("-XX:+UseG1GC");
    // No hsperfdata files: they can stall the JVM on slow disks and leak in /tmp.
    command.add("-XX:+PerfDisableSharedMem");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-Djdk.attach.allowAttachSelf=true");
    command.addAll(MODULE_FLAGS);
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=" + spec.configFile().toUri());
    command.add("-Dcassandra.storagedir=" + spec.dir().root());
    command.add("-Dcassandra.logdir=" + spec.dir().root());
    command.add("-Dlogback.configurationFile=" + spec.logbackFile());
    command.add("-Dcassandra.jmx.local.port=" + spec.jmxPort());
    // A single seed has nobody to wait for; these waits only cost start-up time.
    command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
    command.add("-Dcassandra.ring_delay_ms=100");
    // Nobody to tell about the shutdown; the default 2 s pause only delays every stop.
    command.add("-Dcassandra.shutdown_announce_in_ms=100");
    command.add("-Dcassandra.triggers_dir=" + spec.dir().triggers());
    // With password authentication on, the superuser exists at once instead of 10 s later.
    command.add("-Dcassandra.superuser_setup_delay_ms=0");
    if (spec.lazySchemaFlush()) {
      // Every schema change otherwise waits for the schema tables to be flushed and synced: a
      // second or more per CREATE TABLE on a loaded machine, for each keyspace a test creates.
      command.add("-Dcassandra.test.flush_local_schema_changes=false");
    }
    command.add("-D" + PARENT_PID_PROPERTY + "=" + spec.parentPid());
    command.add(CHILD_MAIN);
    return command;
  }

  /** The content of the argument file passing the classpath. */
  static String classpathArgFile(String classpath) {
    // Inside quotes an argument file treats backslash as an escape character.
    return "-cp \"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
  }
}
