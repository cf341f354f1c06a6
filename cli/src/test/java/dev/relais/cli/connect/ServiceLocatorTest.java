package dev.relais.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLocatorTest {

  @TempDir Path repository;

  @Test
  void optionWinsOverEnvironmentWhichWinsOverTheLocalPlatformFile() throws IOException {
    writeServicesFile("contacts=127.0.0.1:40001\nanalytics=127.0.0.1:40004\n");
    ServiceLocator withEnv =
        new ServiceLocator(Map.of("RELAIS_CONTACTS", "10.0.0.5:9091"), repository);

    ServiceAddress fromOption = withEnv.locate(Service.CONTACTS, "localhost:9191");
    assertThat(fromOption.toString()).isEqualTo("localhost:9191");
    assertThat(fromOption.source()).isEqualTo("--contacts");

    ServiceAddress fromEnv = withEnv.locate(Service.CONTACTS, null);
    assertThat(fromEnv.toString()).isEqualTo("10.0.0.5:9091");
    assertThat(fromEnv.source()).isEqualTo("RELAIS_CONTACTS");

    ServiceAddress fromFile = withEnv.locate(Service.ANALYTICS, null);
    assertThat(fromFile.toString()).isEqualTo("127.0.0.1:40004");
    assertThat(fromFile.source()).endsWith(".relais/up/services.properties");
  }

  @Test
  void findsTheFileAtTheRepositoryRootFromASubdirectory() throws IOException {
    writeServicesFile("contacts=127.0.0.1:40001\n");
    Path subdirectory = Files.createDirectories(repository.resolve("examples/quickstart"));

    assertThat(new ServiceLocator(Map.of(), subdirectory).locate(Service.CONTACTS, null).port())
        .isEqualTo(40001);
  }

  @Test
  void doesNotLookAboveTheRepositoryRoot() throws IOException {
    writeServicesFile("contacts=127.0.0.1:40001\n");
    Path nested = Files.createDirectories(repository.resolve("other-checkout"));
    Files.createDirectory(nested.resolve(".git"));

    assertThatThrownBy(() -> new ServiceLocator(Map.of(), nested).locate(Service.CONTACTS, null))
        .isInstanceOf(CliException.class);
  }

  @Test
  void theKubeconfigComesFromTheOptionThenKubeconfigThenTheLocalPlatform() throws IOException {
    Path up = Files.createDirectories(repository.resolve(".relais/up"));
    Path local = Files.writeString(up.resolve("kubeconfig"), "apiVersion: v1\n");
    Path other = Files.writeString(repository.resolve("other-kubeconfig"), "apiVersion: v1\n");
    Path deep = Files.createDirectories(repository.resolve("services/analytics"));

    ServiceLocator plain = new ServiceLocator(Map.of(), deep);
    assertThat(plain.kubeconfig(null)).isEqualTo(local);
    assertThat(plain.kubeconfig(other)).isEqualTo(other);
    ServiceLocator withEnv =
        new ServiceLocator(
            Map.of("KUBECONFIG", repository.resolve("absent") + ":" + other), repository);
    assertThat(withEnv.kubeconfig(null)).isEqualTo(other);
  }

  @Test
  void withoutAKubeconfigItSaysHowToNameOne() {
    ServiceLocator nothing = new ServiceLocator(Map.of(), repository);
    assertThatThrownBy(() -> nothing.kubeconfig(null))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.NO_ADDRESS);
              assertThat(e.getMessage()).contains("--kubeconfig", "KUBECONFIG", "./relais up");
            });
    assertThatThrownBy(() -> nothing.kubeconfig(repository.resolve("missing")))
        .hasMessageContaining("--kubeconfig: no such file");
    assertThatThrownBy(() ->
            new ServiceLocator(Map.of("KUBECONFIG", "/nowhere/config"), repository)
                .kubeconfig(null))
        .hasMessageContaining("KUBECONFIG names no readable file: /nowhere/config");
  }

  @Test
  void withNothingItSaysHowToNameTheService() {
    assertThatThrownBy(() -> new ServiceLocator(Map.of(), repository).locate(Service.CONTACTS, ""))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCodes.NO_ADDRESS);
              assertThat(e.getMessage())
                  .contains("./relais up")
                  .contains("port-forward svc/PLATFORM-contacts 9091:9091")
                  .contains("--contacts 127.0.0.1:9091")
                  .contains("RELAIS_CONTACTS");
            });
  }

  @Test
  void aFileWithoutTheServiceSaysSo() throws IOException {
    writeServicesFile("contacts=127.0.0.1:40001\n");
    assertThatThrownBy(
            () -> new ServiceLocator(Map.of(), repository).locate(Service.ANALYTICS, null))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> assertThat(e.getMessage()).contains("names no analytics service", "--analytics"));
  }

  @Test
  void refusesAnAddressWithoutPortNamingWhereItCameFrom() {
    ServiceLocator locator =
        new ServiceLocator(Map.of("RELAIS_ANALYTICS", "analytics"), repository);
    assertThatThrownBy(() -> locator.locate(Service.ANALYTICS, null))
        .isInstanceOfSatisfying(
            CliException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("'analytics'", "RELAIS_ANALYTICS", "host:port"));
    assertThat(locator.locate(Service.ANALYTICS, "[::1]:9094").host()).isEqualTo("::1");
  }

  private void writeServicesFile(String content) throws IOException {
    Files.createDirectory(repository.resolve(".git"));
    Path file = repository.resolve(ServiceLocator.SERVICES_FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
