package dev.relais.contacts.importing;

import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.sms.phone.Regions;

/**
 * The validated options of one import.
 *
 * @param defaultRegion region for national numbers
 * @param list list every imported contact joins, or empty
 * @param consentSource where the file's consents were collected ("import" when not said)
 * @param consentWording wording shown when consent was collected, or empty
 */
public record ImportSettings(
    String defaultRegion, String list, String consentSource, String consentWording) {

  static final int MAX_NAME_LENGTH = 200;

  /**
   * Validates the options sent by a client.
   *
   * @param serviceRegion region used when the options name none
   * @throws IllegalArgumentException with a message for the client when an option is unusable
   */
  public static ImportSettings from(ImportOptions options, String serviceRegion) {
    String region = serviceRegion;
    if (!options.getDefaultRegion().isBlank()) {
      region =
          Regions.resolve(options.getDefaultRegion())
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      "default_region '"
                          + options.getDefaultRegion()
                          + "' is not an ISO 3166 region code such as FR"));
    }
    String list = options.getList().strip();
    if (list.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("list name longer than " + MAX_NAME_LENGTH);
    }
    String source = options.getConsentSource().strip();
    if (source.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("consent_source longer than " + MAX_NAME_LENGTH);
    }
    return new ImportSettings(
        region, list, source.isEmpty() ? "import" : source, options.getConsentWording().strip());
  }
}
