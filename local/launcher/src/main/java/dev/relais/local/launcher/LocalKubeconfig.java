package dev.relais.local.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A kubeconfig for the local API server: one cluster, user and context named {@value #CONTEXT}, the
 * context's namespace the one the local platform runs in. The local API server asks for no
 * credentials, so the user has none.
 */
final class LocalKubeconfig {

  /** Name of the cluster, user and context. */
  static final String CONTEXT = "relais-local";

  private LocalKubeconfig() {}

  /** Writes the kubeconfig to {@code file} (replacing it at once, never half written). */
  static Path write(Path file, String apiUrl, String namespace) throws IOException {
    String server = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %3$s
        current-context: %1$s
        preferences: {}
        """
            .formatted(CONTEXT, server, namespace);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, yaml);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
