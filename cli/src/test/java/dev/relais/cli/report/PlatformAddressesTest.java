package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformAddressesTest {

  @TempDir Path repo;

  @Test
  void optionThenEnvironmentThenTheLocalPlatformsFiles() throws Exception {
    Path up = Files.createDirectories(repo.resolve(".relais/up"));
    Files.writeString(up.resolve("kubeconfig"), "apiVersion: v1\n");
    Files.writeString(
        up.resolve("services.properties"), "contacts=127.0.0.1:1\nanalytics=127.0.0.1:4321\n");
    Path other = Files.writeString(repo.resolve("other-kubeconfig"), "apiVersion: v1\n");
    Path deep = Files.createDirectories(repo.resolve("services/analytics"));

    PlatformAddresses fromRepo = new PlatformAddresses(Map.of(), deep);
    assertThat(fromRepo.kubeconfig(null)).isEqualTo(up.resolve("kubeconfig"));
    assertThat(fromRepo.analytics(null)).isEqualTo("127.0.0.1:4321");
    assertThat(fromRepo.kubeconfig(other)).isEqualTo(other);
    assertThat(fromRepo.analytics("10.0.0.1:9000")).isEqualTo("10.0.0.1:9000");

    PlatformAddresses fromEnv =
        new PlatformAddresses(
            Map.of("KUBECONFIG", other.toString(), "RELAIS_ANALYTICS", "analytics:8080"), deep);
    assertThat(fromEnv.kubeconfig(null)).isEqualTo(other);
    assertThat(fromEnv.analytics(null)).isEqualTo("analytics:8080");
  }

  @Test
  void saysWhatToDoWhenNothingIsFoundOrAnAddressIsWrong() {
    PlatformAddresses nothing = new PlatformAddresses(Map.of(), repo);
    assertThatThrownBy(() -> nothing.kubeconfig(null))
        .hasMessageContaining("--kubeconfig")
        .hasMessageContaining("./relais up");
    assertThatThrownBy(() -> nothing.analytics(null)).hasMessageContaining("--analytics");
    assertThatThrownBy(() -> nothing.analytics("localhost"))
        .hasMessage("--analytics: expected HOST:PORT, got 'localhost'");
    assertThatThrownBy(() -> nothing.kubeconfig(repo.resolve("missing")))
        .hasMessageContaining("no such file");
  }
}
