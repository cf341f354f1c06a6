package dev.relais.local.launcher;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmsPlatform;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The privacy key of a local platform: contacts will not start without one, and a local platform's
 * data lives only as long as its run, so a random key made at start-up serves it.
 */
final class LocalPrivacyKey {

  /** The contacts setting it fills, as an environment variable. */
  static final String VARIABLE = "PRIVACY_KEY";

  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalPrivacyKey() {}

  /** A new random key (256 bits). */
  static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /**
   * For a platform whose manifest names no privacy key Secret, names one and returns it with a new
   * key, to be applied before the platform as a cluster user applies theirs; otherwise nothing.
   */
  static Optional<Secret> provideFor(SmsPlatform platform) {
    if (platform.getSpec().privacyKeySecretRef != null) {
      return Optional.empty();
    }
    SecretKeyRef ref = new SecretKeyRef();
    ref.name = platform.getMetadata().getName() + "-privacy";
    ref.key = "privacy-key";
    platform.getSpec().privacyKeySecretRef = ref;
    return Optional.of(
        new SecretBuilder()
            .withNewMetadata()
            .withName(ref.name)
            .withNamespace(platform.getMetadata().getNamespace())
            .endMetadata()
            .addToStringData(ref.key, generate())
            .build());
  }
}
