package dev.relais.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One image tar written by Jib's buildTar (docker-archive format), read with the tools a registry
 * would not be needed for: skopeo for its configuration and manifest, umoci for its root
 * filesystem.
 */
record ImageArchive(String name, Path tar) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** skopeo reads the whole archive to answer: each image's configuration is read once. */
  private static final Map<Path, JsonNode> CONFIGS = new ConcurrentHashMap<>();

  /** The image's configuration (Entrypoint, User, ExposedPorts, Labels, created...). */
  JsonNode config() throws IOException, InterruptedException {
    JsonNode config = CONFIGS.get(tar);
    if (config == null) {
      config =
          JSON.readTree(run(List.of("skopeo", "inspect", "--config", "docker-archive:" + tar)));
      CONFIGS.put(tar, config);
    }
    return config;
  }

  /** The repository:tag the tar was saved with, i.e. the name it is pushed as. */
  String reference() throws IOException, InterruptedException {
    JsonNode manifest = JSON.readTree(run(List.of("tar", "-xOf", tar.toString(), "manifest.json")));
    return manifest.get(0).get("RepoTags").get(0).asText();
  }

  /**
   * Unpacks the image into {@code bundle} (an OCI runtime bundle: config.json and rootfs/), as root
   * with the image's owners and device nodes, otherwise rootless.
   */
  Path unpack(Path work, boolean root) throws IOException, InterruptedException {
    Path layout = work.resolve(name + "-oci");
    Path bundle = work.resolve(name + "-bundle");
    run(List.of("skopeo", "copy", "--quiet", "docker-archive:" + tar, "oci:" + layout + ":image"));
    List<String> unpack = new ArrayList<>(List.of("umoci", "unpack"));
    if (!root) {
      unpack.add("--rootless");
    }
    unpack.addAll(List.of("--image", layout + ":image", bundle.toString()));
    run(unpack);
    return bundle.resolve("rootfs");
  }

  /** Runs a tool to completion and returns its standard output; fails with its error output. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile("image-tool", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish in 3 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ": "
                + Files.readString(err));
      }
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
