package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig of the local API server, as a Kubernetes client reads it. */
class LocalKubeconfigTest {

  @Test
  void aClientFindsTheApiServerAndTheNamespaceInTheRelaisLocalContext(@TempDir Path dir)
      throws Exception {
    Path file =
        LocalKubeconfig.write(dir.resolve("kubeconfig"), "http://127.0.0.1:41234/", "relais-demo");

    Config config = Config.fromKubeconfig(Files.readString(file));

    assertThat(config.getMasterUrl()).isEqualTo("http://127.0.0.1:41234/");
    assertThat(config.getNamespace()).isEqualTo("relais-demo");
    assertThat(config.getCurrentContext().getName()).isEqualTo("relais-local");
    assertThat(dir.resolve("kubeconfig.tmp")).doesNotExist();
  }

  @Test
  void writingAgainReplacesTheServer(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kubeconfig");
    LocalKubeconfig.write(file, "http://127.0.0.1:41234/", "relais-demo");

    LocalKubeconfig.write(file, "http://127.0.0.1:45678", "relais-demo");

    assertThat(Config.fromKubeconfig(Files.readString(file)).getMasterUrl())
        .isEqualTo("http://127.0.0.1:45678/");
  }
}
