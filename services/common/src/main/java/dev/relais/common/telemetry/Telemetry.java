package dev.relais.common.telemetry;

import dev.relais.common.config.ServiceConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK of one service, built by the SDK's autoconfiguration from the standard
 * variables (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS, OTEL_TRACES_SAMPLER and _ARG,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME, OTEL_SDK_DISABLED...; docs/operations.md).
 *
 * <p>Relais defaults: nothing is exported unless an OTLP endpoint (or an exporter) is set, so a
 * platform without a collector pays nothing for it; {@code service.name} is {@code
 * relais-<service>}, {@code service.version} the build version and {@code service.instance.id} a
 * random id unless the environment names them. Metrics are added by meter-provider customizers
 * ({@link Builder#addMeterProviderCustomizer}); every service's instruments are read by its {@link
 * PrometheusEndpoint} ({@code /metrics}), and no other metric exporter runs unless one is
 * configured.
 *
 * <p>Spans never carry phone numbers or message bodies: use {@code PersonalData} for attributes.
 */
public final class Telemetry implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Telemetry.class.getName());

  /** The SmppRoute a dispatch process serves, as a resource attribute. */
  public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("relais.route");

  private static final AttributeKey<String> SERVICE_VERSION =
      AttributeKey.stringKey("service.version");
  private static final AttributeKey<String> SERVICE_INSTANCE =
      AttributeKey.stringKey("service.instance.id");

  private final OpenTelemetrySdk sdk;
  private final Resource resource;
  private final String service;
  private final PrometheusEndpoint prometheus;

  private Telemetry(
      OpenTelemetrySdk sdk, Resource resource, String service, PrometheusEndpoint prometheus) {
    this.sdk = sdk;
    this.resource = resource;
    this.service = service;
    this.prometheus = prometheus;
  }

  /** Builds the SDK of a service from the process environment and system properties. */
  public static Telemetry create(ServiceConfig config) {
    return builder(config.service()).build();
  }

  /**
   * Builds the SDK with an explicit exporter (null exports nothing), e.g. an in-memory one, keeping
   * {@code samplingRatio} of the traces started here.
   */
  public static Telemetry create(String service, SpanExporter exporter, double samplingRatio) {
    Builder builder =
        builder(service)
            .properties(
                Map.of(
                    "otel.traces.sampler",
                    "parentbased_traceidratio",
                    "otel.traces.sampler.arg",
                    String.valueOf(samplingRatio)));
    return exporter == null ? builder.build() : builder.spanExporter(exporter).build();
  }

  /** A builder for the service named {@code service} (its service.name is relais-service). */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  public Tracer tracer() {
    return sdk.getTracer("dev.relais." + service);
  }

  /** The meter of this service's instruments, read by {@link #prometheus()}. */
  public Meter meter() {
    return sdk.getMeter("dev.relais." + service);
  }

  /** The Prometheus view of this service's metrics, served at {@link PrometheusEndpoint#PATH}. */
  public PrometheusEndpoint prometheus() {
    return prometheus;
  }

  /** The resource every span (and metric) of this process carries. */
  public Resource resource() {
    return resource;
  }

  /** The build version of the services, as reported in {@code service.version}. */
  public static String buildVersion() {
    try (InputStream in = Telemetry.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    sdk.close();
  }

  /** Settings of one service's SDK beyond the environment. */
  public static final class Builder {

    private final String service;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final AttributesBuilder attributes = Attributes.builder();
    private final List<
            BiFunction<SdkMeterProviderBuilder, ConfigProperties, SdkMeterProviderBuilder>>
        meterCustomizers = new ArrayList<>();
    private SpanExporter exporter;

    private Builder(String service) {
      this.service = service;
    }

    /**
     * Settings in the SDK's property form ({@code otel.exporter.otlp.endpoint} for
     * OTEL_EXPORTER_OTLP_ENDPOINT), taking precedence over the environment: for tests and embedded
     * use.
     */
    public Builder properties(Map<String, String> settings) {
      properties.putAll(settings);
      return this;
    }

    /** A resource attribute of this process, e.g. {@link #ROUTE} for a dispatcher. */
    public Builder resourceAttribute(AttributeKey<String> key, String value) {
      attributes.put(key, value);
      return this;
    }

    /** Every span is also exported to {@code spanExporter}, e.g. an in-memory one in tests. */
    public Builder spanExporter(SpanExporter spanExporter) {
      this.exporter = spanExporter;
      return this;
    }

    /**
     * Adds a customizer of the meter provider: the place where metric readers (a Prometheus
     * endpoint, say) and views are registered. Customizers run in the order added, once, when the
     * SDK is built.
     */
    public Builder addMeterProviderCustomizer(
        BiFunction<SdkMeterProviderBuilder, ConfigProperties, SdkMeterProviderBuilder> customizer) {
      meterCustomizers.add(customizer);
      return this;
    }

    /** Builds the SDK; fails with the SDK's message on an invalid OTEL_* setting. */
    public Telemetry build() {
      Resource[] built = new Resource[1];
      ConfigProperties[] settings = new ConfigProperties[1];
      Attributes extra = attributes.build();
      AutoConfiguredOpenTelemetrySdkBuilder sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .disableShutdownHook()
              .addPropertiesCustomizer(config -> new HashMap<>(properties))
              .addPropertiesCustomizer(this::defaults)
              .addResourceCustomizer((resource, config) -> {
                settings[0] = config;
                built[0] = resource.merge(Resource.create(extra)).merge(identity(resource));
                return built[0];
              });
      if (exporter != null) {
        SpanExporter spans = exporter;
        sdk.addTracerProviderCustomizer((tracers, config) ->
            tracers.addSpanProcessor(BatchSpanProcessor.builder(spans).build()));
      }
      PrometheusEndpoint prometheus = new PrometheusEndpoint();
      sdk.addMeterProviderCustomizer((meters, config) -> prometheus.register(meters));
      meterCustomizers.forEach(sdk::addMeterProviderCustomizer);
      OpenTelemetrySdk openTelemetry = sdk.build().getOpenTelemetrySdk();
      Resource resource = built[0] != null ? built[0] : Resource.empty();
      LOG.info(() -> describe(resource, settings[0]));
      return new Telemetry(openTelemetry, resource, service, prometheus);
    }

    /**
     * What Relais sets when the environment does not: its service name, and no exporter at all
     * unless an OTLP endpoint is given (the SDK would otherwise send to localhost:4318 and log a
     * failure every few seconds).
     */
    private Map<String, String> defaults(ConfigProperties config) {
      Map<String, String> defaults = new HashMap<>();
      if (config.getString("otel.service.name") == null) {
        defaults.put("otel.service.name", "relais-" + service);
      }
      boolean endpoint =
          config.getString("otel.exporter.otlp.endpoint") != null
              || config.getString("otel.exporter.otlp.traces.endpoint") != null;
      if (config.getString("otel.traces.exporter") == null && !endpoint) {
        defaults.put("otel.traces.exporter", "none");
      }
      if (config.getString("otel.metrics.exporter") == null) {
        defaults.put("otel.metrics.exporter", "none");
      }
      if (config.getString("otel.logs.exporter") == null) {
        defaults.put("otel.logs.exporter", "none");
      }
      return defaults;
    }

    /** service.version and service.instance.id, unless OTEL_RESOURCE_ATTRIBUTES names them. */
    private static Resource identity(Resource configured) {
      AttributesBuilder identity = Attributes.builder();
      if (configured.getAttribute(SERVICE_VERSION) == null) {
        identity.put(SERVICE_VERSION, buildVersion());
      }
      if (configured.getAttribute(SERVICE_INSTANCE) == null) {
        identity.put(SERVICE_INSTANCE, UUID.randomUUID().toString());
      }
      return Resource.create(identity.build());
    }

    private String describe(Resource resource, ConfigProperties config) {
      String name = resource.getAttribute(AttributeKey.stringKey("service.name"));
      if (config == null) {
        return service + ": OpenTelemetry SDK disabled (OTEL_SDK_DISABLED)";
      }
      String traces = config.getString("otel.traces.exporter", "otlp");
      if (traces.equals("none")) {
        return name + ": traces are not exported (no OTEL_EXPORTER_OTLP_ENDPOINT)";
      }
      if (traces.equals("zipkin")) {
        // The local platform's trace UI (docs/operations.md); the exporter's own default endpoint.
        return name
            + ": exporting traces (zipkin) to "
            + config.getString(
                "otel.exporter.zipkin.endpoint", "http://localhost:9411/api/v2/spans");
      }
      String endpoint =
          config.getString(
              "otel.exporter.otlp.traces.endpoint",
              config.getString("otel.exporter.otlp.endpoint", "the SDK's default endpoint"));
      return name
          + ": exporting traces ("
          + traces
          + ", "
          + config.getString("otel.exporter.otlp.protocol", "http/protobuf")
          + ") to "
          + endpoint;
    }
  }
}
