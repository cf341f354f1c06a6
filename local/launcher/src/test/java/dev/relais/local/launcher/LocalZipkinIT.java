package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relais.common.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
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
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Zipkin server the local platform starts with traces on, fed by a service's SDK set up as
 * the launcher sets up every local process, and read back through Zipkin's own API. Needs the
 * Zipkin exec jar: {@code RELAIS_ZIPKIN_JAR}, else where {@code ./relais} fetches it ({@code
 * .relais/zipkin/}); skipped, saying so, without it.
 */
class LocalZipkinIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path PROCESSES = Path.of("target/zipkin-it/processes");

  private static LocalZipkin zipkin;

  @BeforeAll
  static void startZipkin() throws Exception {
    Path jar = zipkinJar();
    Assumptions.assumeTrue(
        Files.isRegularFile(jar),
        "skipped: no Zipkin server jar at "
            + jar
            + " (./relais test fetches it through Maven; or set RELAIS_ZIPKIN_JAR)");
    Files.deleteIfExists(PROCESSES);
    zipkin =
        LocalZipkin.start(
                jar, Path.of("target/zipkin-it/zipkin.log"), StartedProcesses.recordedIn(PROCESSES))
            .awaitReady(Duration.ofMinutes(3));
  }

  @AfterAll
  static void stopZipkin() {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  @Test
  void aServicesSpansAreReadBackFromZipkinAsOneTrace() throws Exception {
    String traceId;
    String rootId;
    List<String> logged = new ArrayList<>();
    Logger log = Logger.getLogger(Telemetry.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try (Telemetry telemetry =
        Telemetry.builder("scheduler").properties(zipkin.sdkProperties()).build()) {
      log.removeHandler(capture);
      Span run = telemetry.tracer().spanBuilder("campaign-run").startSpan();
      try (Scope ignored = run.makeCurrent()) {
        telemetry.tracer().spanBuilder("expand-audience").startSpan().end();
      } finally {
        run.end();
      }
      traceId = run.getSpanContext().getTraceId();
      rootId = run.getSpanContext().getSpanId();
    } // closing the SDK flushes its batch to Zipkin

    JsonNode spans = awaitTrace(traceId, 2);

    List<String> names = new ArrayList<>();
    for (JsonNode span : spans) {
      names.add(span.path("name").asText());
      assertThat(span.path("traceId").asText()).isEqualTo(traceId);
      assertThat(span.path("localEndpoint").path("serviceName").asText())
          .isEqualTo("relais-scheduler");
      if (span.path("name").asText().equals("expand-audience")) {
        assertThat(span.path("parentId").asText()).isEqualTo(rootId);
      }
    }
    assertThat(names).containsExactlyInAnyOrder("campaign-run", "expand-audience");
    assertThat(logged)
        .as("what the service's log says at start")
        .contains("relais-scheduler: exporting traces (zipkin) to " + zipkin.spansEndpoint());
    assertThat(get(zipkin.traceUrl(traceId)).statusCode())
        .as("the UI page the launcher prints for a trace")
        .isEqualTo(200);
  }

  @Test
  void theProcessesAreToldToExportToZipkinsSpanIntake() {
    assertThat(zipkin.processEnvironment())
        .containsEntry("OTEL_TRACES_EXPORTER", "zipkin")
        .containsEntry(
            "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://127.0.0.1:" + zipkin.port() + "/api/v2/spans");
    assertThat(zipkin.sdkProperties())
        .containsEntry("otel.traces.exporter", "zipkin")
        .containsEntry("otel.exporter.zipkin.endpoint", zipkin.spansEndpoint());
  }

  @Test
  void zipkinIsRecordedForDownUnderItsPid() throws IOException {
    assertThat(Files.readAllLines(PROCESSES))
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith(zipkin.pid() + "\t").endsWith("\tzipkin"));
  }

  /** GET /api/v2/trace/{id} until it holds {@code spans} spans (Zipkin stores asynchronously). */
  private static JsonNode awaitTrace(String traceId, int spans) throws Exception {
    String url = "http://127.0.0.1:" + zipkin.port() + "/api/v2/trace/" + traceId;
    Instant deadline = Instant.now().plusSeconds(30);
    HttpResponse<String> response = get(url);
    while (Instant.now().isBefore(deadline)) {
      if (response.statusCode() == 200 && JSON.readTree(response.body()).size() >= spans) {
        return JSON.readTree(response.body());
      }
      Thread.sleep(250);
      response = get(url);
    }
    throw new AssertionError(
        "trace " + traceId + " not in Zipkin: " + response.statusCode() + " " + response.body());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Path zipkinJar() throws IOException {
    String given = System.getenv("RELAIS_ZIPKIN_JAR");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    // The tests run in local/launcher; ./relais copies the jar under the repository's .relais/.
    Path fetched = Path.of("../..", LocalZipkin.FETCHED_DIR).toAbsolutePath().normalize();
    if (!Files.isDirectory(fetched)) {
      return fetched.resolve("zipkin-server-<version>-exec.jar");
    }
    try (Stream<Path> jars = Files.list(fetched)) {
      return jars.filter(jar -> jar.getFileName().toString().matches("zipkin-server-.+-exec\\.jar"))
          .max(Comparator.naturalOrder())
          .orElse(fetched.resolve("zipkin-server-<version>-exec.jar"));
    }
  }
}
