package dev.relais.local.kube;

import java.util.Map;
import java.util.Optional;

/**
 * Which main class runs a container image locally. The process kubelet has no container runtime: it
 * runs the image's program from its own classpath, found by the last segment of the image's
 * repository ({@code ghcr.io/relais-dev/relais-dispatch:0.1.0} is {@code relais-dispatch}).
 */
public final class ImageCatalog {

  private final Map<String, String> mainClassByName;

  /**
   * @param mainClassByName main class by image name, e.g. "relais-dispatch"
   */
  public ImageCatalog(Map<String, String> mainClassByName) {
    this.mainClassByName = Map.copyOf(mainClassByName);
  }

  /** The main class of {@code image}, if it is one this catalog knows. */
  public Optional<String> mainClass(String image) {
    return Optional.ofNullable(mainClassByName.get(name(image)));
  }

  /** The image's name: its repository's last segment, without tag or digest. */
  static String name(String image) {
    String withoutDigest = image.split("@", 2)[0];
    String last = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
    int tag = last.indexOf(':');
    return tag < 0 ? last : last.substring(0, tag);
  }
}
