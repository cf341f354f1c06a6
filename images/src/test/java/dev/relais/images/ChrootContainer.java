package dev.relais.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an unpacked image's entrypoint the way a container runtime would, without one: chrooted into
 * its root filesystem, as its user, with its environment only, /proc mounted in a private mount
 * namespace. It shares the host's network, so it reaches loopback servers and answers on loopback.
 */
final class ChrootContainer implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChrootContainer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the image's Entrypoint and Cmd from {@code config} in {@code rootfs}, with the image's
   * Env plus {@code env}. As root the image's User runs it; otherwise a user namespace maps the
   * caller to root inside.
   */
  static ChrootContainer start(
      Path rootfs, JsonNode config, Map<String, String> env, boolean root, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    config.get("config").path("Cmd").forEach(part -> cmd.add(part.asText()));
    return start(rootfs, config, env, cmd, root, log);
  }

  /**
   * As {@link #start(Path, JsonNode, Map, boolean, Path)}, with {@code args} in place of the
   * image's Cmd, as a Kubernetes container's {@code args} replace it.
   */
  static ChrootContainer start(
      Path rootfs,
      JsonNode config,
      Map<String, String> env,
      List<String> args,
      boolean root,
      Path log)
      throws IOException {
    JsonNode image = config.get("config");
    List<String> program = new ArrayList<>();
    image.path("Entrypoint").forEach(part -> program.add(part.asText()));
    program.addAll(args);
    List<String> command = new ArrayList<>();
    if (root) {
      // /proc lives only in the new mount namespace; unshare kills the service when it is killed.
      command.addAll(
          List.of(
              "unshare",
              "--mount",
              "--fork",
              "--kill-child",
              "sh",
              "-c",
              "root=$1 user=$2; shift 2; mount -t proc proc \"$root/proc\""
                  + " && exec chroot --userspec=\"$user\" \"$root\" \"$@\"",
              "sh",
              rootfs.toString(),
              image.path("User").asText("0:0")));
    } else {
      command.addAll(List.of("unshare", "--user", "--map-root-user", "chroot", rootfs.toString()));
    }
    command.addAll(program);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    image
        .path("Env")
        .forEach(entry -> {
          String[] pair = entry.asText().split("=", 2);
          builder.environment().put(pair[0], pair.length > 1 ? pair[1] : "");
        });
    builder.environment().putAll(env);
    return new ChrootContainer(builder.start(), log);
  }

  /**
   * Waits until {@code url} answers 200, failing with the container's output if it exits first or
   * does not become ready within {@code timeout}.
   */
  void awaitOk(URI url, Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    int last = -1;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the container exited with "
                + process.exitValue()
                + " before "
                + url
                + ":\n"
                + output());
      }
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        url + " did not answer 200 within " + timeout + " (last " + last + "):\n" + output());
  }

  /** Whether the container's process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** The container's standard output and error so far. */
  String output() throws IOException {
    return Files.readString(log);
  }

  /** Stops the service as a kubelet would (SIGTERM), then kills it if it does not stop. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (process.waitFor(20, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
