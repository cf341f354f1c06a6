package dev.relais.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

  @Test
  void servesTheServicesInstrumentsOnItsOwnPort() {
    try (Telemetry telemetry = Telemetry.create("analytics", null, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), telemetry).start()) {
      LongCounter counter =
          telemetry.meter().counterBuilder("relais.test.things").setUnit("{thing}").build();
      Attributes red = Attributes.of(AttributeKey.stringKey("colour"), "red");
      counter.add(3, red);
      counter.add(1, Attributes.of(AttributeKey.stringKey("colour"), "blue"));

      MetricsScrape scrape = MetricsScrape.of(server.port());

      assertThat(scrape.value("relais_test_things_total", Map.of("colour", "red"))).isEqualTo(3);
      assertThat(scrape.value("relais_test_things_total")).isEqualTo(4);
      assertThat(scrape.text()).contains("service_name=\"relais-analytics\"");
      scrape.assertNoPersonalData();
    }
  }

  @Test
  void aLabelThatLooksLikeAPhoneNumberOrAnIdFailsTheCheck() {
    assertThatThrownBy(() ->
            MetricsScrape.parseText("relais_x_total{to=\"+33612345678\"} 1\n")
                .assertNoPersonalData())
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() ->
            MetricsScrape.parseText(
                    "relais_x_total{id=\"0b7c6f4e-8a43-4d8e-9f5e-2b1c3d4e5f60\"} 1\n")
                .assertNoPersonalData())
        .isInstanceOf(AssertionError.class);
    MetricsScrape.parseText("relais_x_total{route=\"orange-fr\",status=\"ESME_ROK\"} 1\n")
        .assertNoPersonalData();
  }

  @Test
  void promtoolAcceptsTheScrape() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        onPath("promtool"), "skipped: promtool is not installed, the scrape was not linted");
    try (Telemetry telemetry = Telemetry.create("analytics", null, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), telemetry).start()) {
      telemetry
          .meter()
          .counterBuilder("relais.test.things")
          .setDescription("Things counted by this test")
          .setUnit("{thing}")
          .build()
          .add(1);
      Path file = Files.createTempFile("scrape", ".txt");
      Files.writeString(file, MetricsScrape.of(server.port()).text());
      Process promtool =
          new ProcessBuilder("promtool", "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // promtool exits 1 when the text does not parse and 3 when it only has lint problems.
      // OpenTelemetry's exporter writes target_info without HELP, which promtool 2.x reports;
      // nothing else may be.
      assertThat(out.lines().filter(line -> !line.equals("target_info no help text")))
          .as(out)
          .isEmpty();
      assertThat(promtool.exitValue()).as(out).isIn(0, 3);
      Files.delete(file);
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
