package dev.relais.common.telemetry;

import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The OpenTelemetry metrics of one process in Prometheus' text format, for {@code GET /metrics} on
 * the process's own HTTP port (no second port to open or to declare in a Service).
 *
 * <p>Instruments are created on the process's {@code Meter}; a scrape reads their current values
 * (cumulative counters and histograms, gauges read at scrape time).
 */
public final class PrometheusEndpoint {

  /** Path of the scrape endpoint on every Relais process. */
  public static final String PATH = "/metrics";

  private final PrometheusMetricReader reader = PrometheusMetricReader.builder().build();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  /** Registers this endpoint's reader on a meter provider being built. */
  public SdkMeterProviderBuilder register(SdkMeterProviderBuilder meters) {
    return meters.registerMetricReader(reader);
  }

  /** Content type of {@link #write}'s output. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric's current value. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, reader.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
  }
}
