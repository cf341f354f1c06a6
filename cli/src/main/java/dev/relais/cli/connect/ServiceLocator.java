package dev.relais.cli.connect;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Finds where the platform answers. A service's address: the command-line option, else the
 * environment variable ({@code RELAIS_CONTACTS}...), else the file {@code ./relais up} writes for
 * the platform it runs, {@value #SERVICES_FILE}. The Kubernetes API: {@code --kubeconfig}, else
 * {@code $KUBECONFIG}, else {@value #KUBECONFIG_FILE}, also written by {@code ./relais up}. Those
 * files are looked for from the working directory up to its repository's root.
 */
public final class ServiceLocator {

  /** Where {@code ./relais up} records its services' addresses, from the repository root. */
  public static final String SERVICES_FILE = ".relais/up/services.properties";

  /**
   * Where {@code ./relais up} writes the kubeconfig of its API server, from the repository root.
   */
  public static final String KUBECONFIG_FILE = ".relais/up/kubeconfig";

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

  /** The locator of {@code command}'s tool: the one its root provides, else this process's. */
  public static ServiceLocator of(CommandSpec command) {
    return command.root().userObject() instanceof Provider provider
        ? provider.serviceLocator()
        : ofProcess();
  }

  /**
   * The kubeconfig to read resources with.
   *
   * @param option the value of {@code --kubeconfig}, or null when not given
   * @throws CliException ({@link ExitCodes#NO_ADDRESS}) when the file named does not exist or
   *     nothing names one, saying how to name it
   */
  public Path kubeconfig(Path option) {
    if (option != null) {
      if (!Files.isRegularFile(option)) {
        throw new CliException(ExitCodes.NO_ADDRESS, "--kubeconfig: no such file: " + option);
      }
      return option;
    }
    String variable = environment.get("KUBECONFIG");
    if (variable != null && !variable.isBlank()) {
      // KUBECONFIG may list several files; like kubectl, the first one that exists is used.
      for (String part : variable.split(java.io.File.pathSeparator)) {
        if (!part.isBlank() && Files.isRegularFile(workingDirectory.resolve(part))) {
          return workingDirectory.resolve(part);
        }
      }
      throw new CliException(
          ExitCodes.NO_ADDRESS, "KUBECONFIG names no readable file: " + variable);
    }
    Path file = nearest(KUBECONFIG_FILE);
    if (file == null) {
      throw new CliException(
          ExitCodes.NO_ADDRESS,
          "no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or start the local platform"
              + " with ./relais up (it writes "
              + KUBECONFIG_FILE
              + ")");
    }
    return file;
  }

  /**
   * The mutual TLS of the tool's connections: the files {@code options} name, else the environment
   * ({@code RELAIS_TLS_CERT}...), else the local platform's administrator files in {@value
   * ClientTls#LOCAL_DIRECTORY}; plain text when none is found.
   *
   * @throws CliException ({@link ExitCodes#USAGE}) when some but not all files are found, or one
   *     cannot be read
   */
  public ClientTls tls(TlsOptions options) {
    return ClientTls.resolve(
        options, environment, workingDirectory, nearestDirectory(ClientTls.LOCAL_DIRECTORY));
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
    Path file = nearest(SERVICES_FILE);
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

  /** The nearest {@code name} from the working directory up to the repository root, or null. */
  private Path nearest(String name) {
    return nearest(name, Files::isRegularFile);
  }

  /** The nearest directory {@code name}, as {@link #nearest(String)} finds a file. */
  private Path nearestDirectory(String name) {
    return nearest(name, Files::isDirectory);
  }

  private Path nearest(String name, Predicate<Path> exists) {
    for (Path directory = workingDirectory; directory != null; directory = directory.getParent()) {
      Path file = directory.resolve(name);
      if (exists.test(file)) {
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
