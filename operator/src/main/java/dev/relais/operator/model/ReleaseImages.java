package dev.relais.operator.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The container images of the release this operator belongs to, as the build names them ({@code
 * relais.image.prefix} and the project version in pom.xml): {@code <prefix>-<name>:<version>}, e.g.
 * ghcr.io/relais-dev/relais-dispatch:0.1.0.
 */
public final class ReleaseImages {

  private static final Properties BUILD = load();

  private ReleaseImages() {}

  /** Registry and name prefix, e.g. ghcr.io/relais-dev/relais. */
  public static String prefix() {
    return BUILD.getProperty("prefix");
  }

  /** The release's version, the tag of all its images. */
  public static String version() {
    return BUILD.getProperty("version");
  }

  /** The image named {@code name} (operator, contacts, scheduler, dispatch, analytics). */
  public static String image(String name) {
    return prefix() + "-" + name + ":" + version();
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in =
        ReleaseImages.class.getResourceAsStream("/dev/relais/operator/images.properties")) {
      if (in == null) {
        throw new IllegalStateException("images.properties is missing from the operator's jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
