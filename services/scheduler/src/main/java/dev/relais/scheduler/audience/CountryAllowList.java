package dev.relais.scheduler.audience;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.scheduler.compliance.RecipientTimeZones;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The countries a campaign may send to. SMS-pumping fraud inflates traffic to expensive foreign
 * ranges; a campaign that only ever meant to reach France should not be able to reach anywhere
 * else, so the default is the campaign's own region alone (for France, with its overseas
 * departments and territories, which have their own region codes but are France).
 */
public final class CountryAllowList {

  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

  /** Regions that a campaign of the key region reaches by default. */
  private static final Map<String, Set<String>> DEFAULT_EXTENSIONS =
      Map.of("FR", Set.of("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC"));

  private final Set<String> regions;

  private CountryAllowList(Set<String> regions) {
    this.regions = Set.copyOf(regions);
  }

  /**
   * The allow-list a campaign declares; when it declares none, {@code defaultRegion} (with the
   * French overseas regions for FR).
   *
   * @throws IllegalArgumentException naming a value that is not an ISO 3166 region code
   */
  public static CountryAllowList of(Iterable<String> declared, String defaultRegion) {
    Set<String> regions = new TreeSet<>();
    for (String region : declared) {
      String code = region.strip().toUpperCase(Locale.ROOT);
      if (!REGION.matcher(code).matches()) {
        throw new IllegalArgumentException(
            "allowed country '" + region + "' must be an ISO 3166 region code such as FR");
      }
      regions.add(code);
    }
    if (regions.isEmpty()) {
      String region = defaultRegion.toUpperCase(Locale.ROOT);
      regions.add(region);
      regions.addAll(DEFAULT_EXTENSIONS.getOrDefault(region, Set.of()));
    }
    return new CountryAllowList(regions);
  }

  /** True when the contact's region (or, unknown, that of its calling code) is allowed. */
  public boolean allows(Contact contact) {
    String region = RecipientTimeZones.regionOf(contact.getRegion(), contact.getPhone());
    return region != null && regions.contains(region);
  }

  public Set<String> regions() {
    return regions;
  }
}
