package dev.relais.local.launcher;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.LinksRedirect;

/**
 * Link tracking of the local platform. Short links are baked into the messages, so their base URL
 * must reach the links redirect Service on this machine ({@link LocalCluster#linksBaseUrl()}):
 *
 * <ul>
 *   <li>an SmsPlatform added by the launcher (the manifests declare none) tracks links there;
 *   <li>a declared SmsPlatform with a linkTrackingBaseUrl keeps tracking, on the local base URL
 *       instead of its public host (which leads to a cluster's Ingress, not to this machine), as
 *       its Cassandra becomes the local node;
 *   <li>a declared SmsPlatform without one keeps links off, as on a cluster: tracking files each
 *       recipient's clicks (personal data), which its platform team did not ask for, and a campaign
 *       with {@code {{link}}} is refused there as it would be on the cluster.
 * </ul>
 */
final class LocalLinkTracking {

  private LocalLinkTracking() {}

  /**
   * Sets the platform's linkTrackingBaseUrl for the local mode and says what was decided, as the
   * launcher prints it.
   *
   * @param declared whether the SmsPlatform comes from the manifests (not added by the launcher)
   * @param localBaseUrl the base URL of the local links redirect Service
   */
  static String configure(SmsPlatform platform, boolean declared, String localBaseUrl) {
    if (!declared) {
      platform.getSpec().linkTrackingBaseUrl = localBaseUrl;
      return "Link tracking: short links " + localBaseUrl + "/<token>";
    }
    if (!LinksRedirect.enabled(platform)) {
      return "Link tracking: off (SmsPlatform "
          + platform.getMetadata().getName()
          + " sets no linkTrackingBaseUrl; campaigns with {{link}} are refused, as on a cluster)";
    }
    String declaredUrl = platform.getSpec().linkTrackingBaseUrl.strip();
    platform.getSpec().linkTrackingBaseUrl = localBaseUrl;
    return "Link tracking: short links "
        + localBaseUrl
        + "/<token> (in place of "
        + declaredUrl
        + ", which leads to a cluster, not to this machine)";
  }
}
