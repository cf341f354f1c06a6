package dev.relais.local.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Finds an installed JDK of an acceptable feature version by reading each JDK's release file. */
public final class JdkLocator {

  /** Environment variable naming the JDK that must run Cassandra; when set it is the only one. */
  public static final String OVERRIDE_ENV = "RELAIS_CASSANDRA_JAVA_HOME";

  /** An installed JDK. */
  public record Jdk(Path home, int featureVersion) {

    /** The {@code java} launcher of this JDK. */
    public Path javaExecutable() {
      return home.resolve("bin").resolve("java");
    }
  }

  private final Map<String, String> env;
  private final List<Path> scanRoots;

  /** Creates a locator over an explicit environment and the directories whose children are JDKs. */
  public JdkLocator(Map<String, String> env, List<Path> scanRoots) {
    this.env = Map.copyOf(env);
    this.scanRoots = List.copyOf(scanRoots);
  }

  /** A locator over this process's environment and the usual Linux and macOS install places. */
  public static JdkLocator system() {
    Path userHome = Path.of(System.getProperty("user.home"));
    return new JdkLocator(
        System.getenv(),
        List.of(
            Path.of("/usr/lib/jvm"),
            Path.of("/Library/Java/JavaVirtualMachines"),
            userHome.resolve(".sdkman/candidates/java"),
            userHome.resolve(".jdks")));
  }

  /**
   * Returns the first JDK whose feature version is acceptable, looking at {@value #OVERRIDE_ENV},
   * then {@code JAVA_HOME}, then the scan roots (newest first), then {@code java} on the PATH.
   *
   * @throws IllegalStateException listing every place looked at, when none fits
   */
  public Jdk find(Set<Integer> acceptable) {
    String wanted = describe(acceptable);
    String override = env.get(OVERRIDE_ENV);
    if (override != null && !override.isBlank()) {
      // An explicit choice that does not fit is a mistake to report, not to route around.
      Path home = Path.of(override);
      OptionalInt version = featureVersion(home);
      if (version.isPresent() && acceptable.contains(version.getAsInt())) {
        return new Jdk(home, version.getAsInt());
      }
      throw new IllegalStateException(
          OVERRIDE_ENV
              + "="
              + override
              + " is "
              + label(version)
              + ", but "
              + wanted
              + " is needed");
    }

    List<String> lookedAt = new ArrayList<>();
    lookedAt.add(OVERRIDE_ENV + " (unset)");
    for (Candidate candidate : candidates()) {
      OptionalInt version = featureVersion(candidate.home());
      lookedAt.add(candidate.origin() + " (" + label(version) + ")");
      if (version.isPresent() && acceptable.contains(version.getAsInt())) {
        return new Jdk(candidate.home(), version.getAsInt());
      }
    }
    throw new IllegalStateException(
        "No "
            + wanted
            + " found to run Cassandra. Looked at: "
            + String.join(", ", lookedAt)
            + ". Install one (e.g. apt-get install openjdk-17-jdk-headless) or set "
            + OVERRIDE_ENV
            + ".");
  }

  /**
   * Reads the feature version from {@code <home>/release}; empty when it is missing or unreadable.
   */
  public static OptionalInt featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return OptionalInt.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return OptionalInt.empty();
    }
    String value = properties.getProperty("JAVA_VERSION");
    return value == null ? OptionalInt.empty() : parseFeatureVersion(value);
  }

  /** Parses {@code "17.0.15"}, {@code "\"21\""}, {@code "25-ea"} or {@code "1.8.0_292"}. */
  static OptionalInt parseFeatureVersion(String javaVersion) {
    String v = javaVersion.strip();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    String[] parts = v.split("[.\\-+_]");
    try {
      int first = Integer.parseInt(parts[0]);
      // Before JDK 9 the feature version was the second number ("1.8.0").
      if (first == 1 && parts.length > 1) {
        return OptionalInt.of(Integer.parseInt(parts[1]));
      }
      return OptionalInt.of(first);
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private List<Candidate> candidates() {
    Set<Path> seen = new LinkedHashSet<>();
    List<Candidate> result = new ArrayList<>();
    String javaHome = env.get("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      add(result, seen, Path.of(javaHome), "JAVA_HOME=" + javaHome);
    }
    List<Path> scanned = new ArrayList<>();
    for (Path root : scanRoots) {
      scanned.addAll(children(root));
    }
    // Newest first, so that a machine with 11 and 17 runs Cassandra on 17.
    scanned.sort(
        Comparator.comparingInt((Path p) -> featureVersion(p).orElse(0))
            .reversed()
            .thenComparing(Path::toString));
    for (Path home : scanned) {
      add(result, seen, home, home.toString());
    }
    String path = env.get("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path java = Path.of(dir, "java");
        if (Files.isExecutable(java)) {
          Path home = homeOfLauncher(java);
          if (home != null) {
            add(result, seen, home, "java on PATH " + java + " -> " + home);
          }
        }
      }
    }
    return result;
  }

  private static void add(List<Candidate> result, Set<Path> seen, Path home, String origin) {
    // /usr/lib/jvm holds symlinks to the same JDK under several names; list each JDK once.
    Path key;
    try {
      key = home.toRealPath();
    } catch (IOException e) {
      key = home.toAbsolutePath().normalize();
    }
    if (seen.add(key)) {
      result.add(new Candidate(home, origin));
    }
  }

  private static List<Path> children(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> homes = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        // macOS bundles keep the JDK under Contents/Home.
        Path bundleHome = entry.resolve("Contents").resolve("Home");
        homes.add(Files.isDirectory(bundleHome) ? bundleHome : entry);
      }
    } catch (IOException e) {
      return List.of();
    }
    homes.removeIf(home -> !Files.isRegularFile(home.resolve("release")));
    return homes;
  }

  private static Path homeOfLauncher(Path java) {
    try {
      Path bin = java.toRealPath().getParent();
      return bin == null ? null : bin.getParent();
    } catch (IOException e) {
      return null;
    }
  }

  private static String label(OptionalInt version) {
    return version.isPresent() ? "JDK " + version.getAsInt() : "no readable release file";
  }

  private static String describe(Set<Integer> acceptable) {
    return "JDK "
        + new TreeSet<>(acceptable)
            .stream().map(String::valueOf).collect(Collectors.joining(" or "));
  }

  private record Candidate(Path home, String origin) {}
}
