package dev.relais.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One scrape of a process's {@code GET /metrics}, parsed into series for assertions. */
public final class MetricsScrape {

  /** A label value that looks like a phone number: seven digits or more, with usual separators. */
  private static final Pattern PHONE = Pattern.compile(".*\\+?\\d[\\d .\\-()]{5,}\\d.*");

  private static final Pattern UUID =
      Pattern.compile(
          ".*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.*");

  /** One sample line: metric name, labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;

  private MetricsScrape(String text) {
    this.text = text;
    this.samples = parse(text);
  }

  /** Scrapes {@code http://127.0.0.1:port/metrics}, asserting a 200 in Prometheus' text format. */
  public static MetricsScrape of(int port) {
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      return new MetricsScrape(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("could not scrape port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Parses a scrape body, e.g. one read by other means. */
  public static MetricsScrape parseText(String text) {
    return new MetricsScrape(text);
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Sum of the samples named {@code name} whose labels include {@code labels}; 0 when none. */
  public double value(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  public double value(String name) {
    return value(name, Map.of());
  }

  /** Whether a sample of that name is present (with those labels). */
  public boolean has(String name, Map<String, String> labels) {
    return samples.stream()
        .anyMatch(
            s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
  }

  /** Fails when any label value looks like a phone number or a UUID (a message or contact id). */
  public void assertNoPersonalData() {
    for (Sample sample : samples) {
      sample
          .labels()
          .forEach((key, value) -> {
            if (sample.name().equals("target_info")
                || key.startsWith("otel_scope")
                || key.equals("le")) {
              return; // the SDK's resource and scope, a histogram's bucket bounds: not ours
            }
            assertThat(PHONE.matcher(value).matches() || UUID.matcher(value).matches())
                .as("label %s=\"%s\" of %s looks like personal data", key, value, sample.name())
                .isFalse();
          });
    }
  }

  private static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      int brace = line.indexOf('{');
      int space;
      String name;
      if (brace >= 0 && brace < line.indexOf(' ')) {
        name = line.substring(0, brace);
        int i = brace + 1;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String key = line.substring(i, eq);
          StringBuilder value = new StringBuilder();
          int j = eq + 2; // past ="
          for (; line.charAt(j) != '"'; j++) {
            char c = line.charAt(j);
            if (c == '\\') {
              char next = line.charAt(++j);
              value.append(next == 'n' ? '\n' : next);
            } else {
              value.append(c);
            }
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        space = line.indexOf(' ', i);
      } else {
        space = line.indexOf(' ');
        name = line.substring(0, space);
      }
      String[] rest = line.substring(space + 1).trim().split(" ");
      samples.add(
          new Sample(
              name, Map.copyOf(labels), Double.parseDouble(rest[0].replace("Inf", "Infinity"))));
    }
    return samples;
  }
}
