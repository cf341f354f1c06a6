package dev.relais.cli.connect;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Finds a service's address: the command-line option, else the environment variable ({@code
 * RELAIS_CONTACTS}...), else the file {@code ./relais up} writes for the platform it runs, {@value
 * #SERVICES_FILE}, looked for from the working directory up to its repository's root.
 */
public final class ServiceLocator {

  /** Where {@code ./relais up} records its services' addresses, from the repository root. */
  public static final String SERVICES_FILE = ".relais/up/services.properties";

  private final Map<String, String> environment;
  private final Path workingDirectory;

  public ServiceLocator(Map<String, String> environment, Path workingDirectory) {
    this.environment = environment;
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
  }

  /** The locator of this process: its environment and working directory. */
  public static ServiceLocator ofProcess() {
    return new ServiceLocator(System.getenv(), Path.of(""));
  }

  /** What a command declares to reach its services through this locator. */
  public interface Provider {
    ServiceLocator serviceLocator();
  }

  /**
   * The address of {@code service}.
   *
   * @param option the value of the service's option, or null when not given
   * @throws CliException ({@link ExitCodes#NO_ADDRESS}) when nothing names the service, saying how
   *     to name it
   */
  public ServiceAddress locate(Service service, String option) {
    if (option != null && !option.isBlank()) {
      return ServiceAddress.parse(service, option, service.option());
    }
    String variable = environment.get(service.environmentVariable());
    if (variable != null && !variable.isBlank()) {
      return ServiceAddress.parse(service, variable, service.environmentVariable());
    }
    Path file = servicesFile();
    if (file != null) {
      Properties services = read(file);
      String value = services.getProperty(service.key());
      if (value != null && !value.isBlank()) {
        return ServiceAddress.parse(service, value, file.toString());
      }
      throw new CliException(
          ExitCodes.NO_ADDRESS,
          file
              + " names no "
              + service.key()
              + " service; "
              + hint(service)
              + " Restarting ./relais up rewrites that file.");
    }
    throw new CliException(
        ExitCodes.NO_ADDRESS,
        "no address for the "
            + service.key()
            + " service. Start the local platform with ./relais up (it writes "
            + SERVICES_FILE
            + "), or "
            + hint(service));
  }

  /** How to reach a cluster's service and name it. */
  private static String hint(Service service) {
    return "reach a cluster's service with kubectl -n NAMESPACE port-forward svc/PLATFORM-"
        + service.key()
        + " "
        + service.clusterPort()
        + ":"
        + service.clusterPort()
        + " and pass "
        + service.option()
        + " 127.0.0.1:"
        + service.clusterPort()
        + " (or set "
        + service.environmentVariable()
        + ").";
  }

  /** The nearest services file from the working directory up to the repository root, or null. */
  private Path servicesFile() {
    for (Path directory = workingDirectory; directory != null; directory = directory.getParent()) {
      Path file = directory.resolve(SERVICES_FILE);
      if (Files.isRegularFile(file)) {
        return file;
      }
      if (Files.exists(directory.resolve(".git"))) {
        return null; // the repository's root: a file further up belongs to something else
      }
    }
    return null;
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new CliException(ExitCodes.NO_ADDRESS, "cannot read " + file + ": " + e.getMessage());
    }
    return properties;
  }
}
