package dev.relais.cli.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the report finds the platform: the kubeconfig ({@code --kubeconfig}, else {@code
 * $KUBECONFIG}, else {@code .relais/up/kubeconfig} written by {@code ./relais up}) and analytics'
 * address ({@code --analytics}, else {@code $RELAIS_ANALYTICS}, else the {@code analytics} key of
 * {@code .relais/up/services.properties}). {@code .relais/up} is looked for in the working
 * directory and its parents, so the tool works from anywhere in the repository.
 */
public final class PlatformAddresses {

  static final Path UP = Path.of(".relais", "up");

  private final Map<String, String> env;
  private final Path workingDirectory;

  public PlatformAddresses(Map<String, String> env, Path workingDirectory) {
    this.env = env;
    this.workingDirectory = workingDirectory.toAbsolutePath();
  }

  /** The kubeconfig file to use. */
  public Path kubeconfig(Path option) {
    if (option != null) {
      return requireFile(option, "--kubeconfig");
    }
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      // KUBECONFIG may list several files; like kubectl's first, the first one that exists.
      for (String part : fromEnv.split(java.io.File.pathSeparator)) {
        if (!part.isBlank() && Files.isRegularFile(Path.of(part))) {
          return Path.of(part);
        }
      }
      throw new IllegalArgumentException("KUBECONFIG names no readable file: " + fromEnv);
    }
    return upFile("kubeconfig")
        .orElseThrow(() ->
            new IllegalArgumentException(
                "no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or start the local"
                    + " platform with ./relais up"));
  }

  /** Analytics' {@code host:port}. */
  public String analytics(String option) {
    if (option != null && !option.isBlank()) {
      return requireHostPort(option, "--analytics");
    }
    String fromEnv = env.get("RELAIS_ANALYTICS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return requireHostPort(fromEnv, "RELAIS_ANALYTICS");
    }
    Optional<Path> services = upFile("services.properties");
    if (services.isPresent()) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(services.get())) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + services.get() + ": " + e.getMessage());
      }
      String address = properties.getProperty("analytics");
      if (address != null && !address.isBlank()) {
        return requireHostPort(address.strip(), services.get() + " (key analytics)");
      }
      throw new IllegalArgumentException(services.get() + " has no analytics address");
    }
    throw new IllegalArgumentException(
        "no analytics address: pass --analytics HOST:PORT, set RELAIS_ANALYTICS, or start the"
            + " local platform with ./relais up");
  }

  private Optional<Path> upFile(String name) {
    for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(UP).resolve(name);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Path requireFile(Path file, String source) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(source + ": no such file: " + file);
    }
    return file;
  }

  static String requireHostPort(String address, String source) {
    int colon = address.lastIndexOf(':');
    boolean valid = colon > 0 && colon < address.length() - 1;
    if (valid) {
      try {
        int port = Integer.parseInt(address.substring(colon + 1));
        valid = port > 0 && port < 65_536;
      } catch (NumberFormatException e) {
        valid = false;
      }
    }
    if (!valid) {
      throw new IllegalArgumentException(source + ": expected HOST:PORT, got '" + address + "'");
    }
    return address;
  }
}
