package dev.relais.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a local pod's environment follows its Secret volumes to their local directories. */
class PodVolumesTest {

  @Test
  void pathsUnderAMountPathPointIntoItsDirectoryAndNothingElseChanges() {
    Map<String, Path> mounts =
        Map.of("/etc/relais/tls", Path.of("/state/pods/shop/a-0/relais-tls"));

    Map<String, String> env =
        PodVolumes.rewrite(
            Map.of(
                "TLS_CERT", "/etc/relais/tls/tls.crt",
                "DIR", "/etc/relais/tls",
                "OTHER", "/etc/relais/tlsx/ca.crt",
                "PLAIN", "value /etc/relais/tls/tls.crt"),
            mounts);

    assertThat(env)
        .containsEntry("TLS_CERT", "/state/pods/shop/a-0/relais-tls/tls.crt")
        .containsEntry("DIR", "/state/pods/shop/a-0/relais-tls")
        .containsEntry("OTHER", "/etc/relais/tlsx/ca.crt")
        .containsEntry("PLAIN", "value /etc/relais/tls/tls.crt");
  }
}
