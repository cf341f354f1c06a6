package dev.relais.common.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Configuration of one service: environment variables over system properties over an optional file
 * (named by {@code RELAIS_CONFIG}) over the defaults packaged as {@code <service>.properties}.
 *
 * <p>Keys use single words per level ({@code cassandra.hosts}, {@code server.port}) so that the
 * environment form is obvious: {@code CASSANDRA_HOSTS}, {@code SERVER_PORT}.
 */
public final class ServiceConfig {

  private final String service;
  private final Config config;

  private ServiceConfig(String service, Config config) {
    this.service = service;
    this.config = config;
  }

  /** Loads the configuration of {@code service} from the usual sources. */
  public static ServiceConfig load(String service) {
    List<Supplier<? extends io.helidon.config.spi.ConfigSource>> sources = new ArrayList<>();
    sources.add(ConfigSources.environmentVariables());
    sources.add(ConfigSources.systemProperties());
    String file = System.getenv("RELAIS_CONFIG");
    if (file != null && !file.isBlank()) {
      if (!Files.isRegularFile(Path.of(file))) {
        throw new IllegalStateException("RELAIS_CONFIG names a file that does not exist: " + file);
      }
      sources.add(ConfigSources.file(file));
    }
    sources.add(ConfigSources.classpath(service + ".properties").optional());
    Config config =
        Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .sources(sources)
            .build();
    return new ServiceConfig(service, config);
  }

  /** Configuration from explicit key/value pairs only, for tests and embedded use. */
  public static ServiceConfig of(String service, java.util.Map<String, String> values) {
    Config config =
        Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .sources(ConfigSources.create(values))
            .build();
    return new ServiceConfig(service, config);
  }

  public String service() {
    return service;
  }

  public Config raw() {
    return config;
  }

  public String string(String key, String defaultValue) {
    return config.get(key).asString().orElse(defaultValue);
  }

  public String requiredString(String key) {
    return config
        .get(key)
        .asString()
        .filter(s -> !s.isBlank())
        .orElseThrow(() ->
            new IllegalStateException(
                service
                    + ": missing configuration '"
                    + key
                    + "' (environment variable "
                    + key.toUpperCase().replace('.', '_')
                    + ")"));
  }

  /** An integer that must be set: no default stands in for it. */
  public int requiredInteger(String key) {
    String value = requiredString(key).strip();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          service + ": configuration '" + key + "' is not an integer: " + value, e);
    }
  }

  /** A duration that must be set, in ISO-8601 ({@code PT5S}) or plain milliseconds. */
  public Duration requiredDuration(String key) {
    requiredString(key);
    return duration(key, null);
  }

  public int integer(String key, int defaultValue) {
    return config.get(key).asInt().orElse(defaultValue);
  }

  public long longValue(String key, long defaultValue) {
    return config.get(key).asLong().orElse(defaultValue);
  }

  public double decimal(String key, double defaultValue) {
    return config.get(key).asDouble().orElse(defaultValue);
  }

  public boolean bool(String key, boolean defaultValue) {
    return config.get(key).asBoolean().orElse(defaultValue);
  }

  /** A duration in ISO-8601 ({@code PT5S}) or plain milliseconds. */
  public Duration duration(String key, Duration defaultValue) {
    return config
        .get(key)
        .asString()
        .map(s ->
            s.chars().allMatch(Character::isDigit)
                ? Duration.ofMillis(Long.parseLong(s))
                : Duration.parse(s))
        .orElse(defaultValue);
  }
}
