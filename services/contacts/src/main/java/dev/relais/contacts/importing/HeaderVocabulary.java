package dev.relais.contacts.importing;

import dev.relais.contacts.importing.CsvColumns.Field;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The column headers a contacts file may use, in French and English, as spreadsheets and CRMs write
 * them; the list is documented in docs/segments.md ("Importing contacts").
 *
 * <p>A header is folded first: accents, case and punctuation do not count ("N° de portable",
 * "no_de_portable" and "N° DE PORTABLE" are one header). Names, city, postal code, tags, region and
 * last interaction are matched against a fixed list of names. Phone, consent, consent date and
 * opt-out headers are read word by word, because files qualify them freely:
 *
 * <ul>
 *   <li>phone: a mobile word (mobile, portable, GSM, cell, cellulaire, MSISDN) or a phone word
 *       (téléphone, tél, phone), optionally with a number marker (N°, No, Num., Numéro, number) and
 *       "SMS"; "Numéro" alone is a phone column too;
 *   <li>consent: one consent word (consentement, consent, consented, opt-in, accord, accepte,
 *       accepts) with optional qualifiers (SMS, marketing, commercial, prospection, promotionnel,
 *       offres);
 *   <li>consent date: the same with one date word (date, at, horodatage, timestamp, datetime);
 *   <li>opt-out: one opt-out word (opt-out, opted out, STOP, désinscrit, désinscription, désabonné,
 *       désabonnement, unsubscribed, opposition, refus, blacklist, blacklisted) with the same
 *       qualifiers.
 * </ul>
 *
 * <p>Any other word disqualifies a header: "Consentement email", "Opt-in newsletter", "Opposition
 * démarchage téléphonique" or "Source du consentement" are about another channel or are not the
 * answer itself. Such a header still {@linkplain #looksLikeConsentOrOptOut looks like consent or
 * opt-out}, and the import warns about it rather than letting it pass silently as an attribute.
 * "Liste rouge" and "Bloctel" are warned about too: they concern the phone directory and phone
 * calls, not marketing SMS.
 */
final class HeaderVocabulary {

  private static final Map<String, Field> EXACT = new HashMap<>();

  static {
    exact(Field.PHONE, "sms", "numero", "number");
    exact(Field.FIRST_NAME, "first_name", "firstname", "first", "given_name", "prenom");
    exact(Field.LAST_NAME, "last_name", "lastname", "surname", "family_name", "nom");
    exact(Field.LAST_NAME, "nom_de_famille");
    exact(Field.CITY, "city", "town", "ville", "commune", "localite");
    exact(
        Field.POSTAL_CODE,
        "postal_code",
        "postalcode",
        "postcode",
        "post_code",
        "zip",
        "zipcode",
        "zip_code",
        "code_postal",
        "codepostal",
        "cp");
    exact(Field.TAGS, "tags", "tag", "labels", "etiquettes", "etiquette");
    exact(Field.REGION, "region", "country", "country_code", "pays", "code_pays");
    exact(
        Field.LAST_INTERACTION,
        "last_interaction",
        "last_interaction_at",
        "last_activity",
        "derniere_interaction",
        "derniere_activite");
  }

  private static final Set<String> MOBILE_WORDS =
      Set.of("mobile", "portable", "gsm", "cell", "cellphone", "cellulaire", "msisdn");
  private static final Set<String> PHONE_WORDS = Set.of("phone", "telephone", "tel");
  private static final Set<String> NUMBER_MARKERS =
      Set.of("n", "no", "nr", "num", "numero", "number");

  private static final Set<String> CONSENT_WORDS =
      Set.of(
          "consent",
          "consented",
          "consentement",
          "optin",
          "accord",
          "accepte",
          "accepts",
          "accept");
  private static final Set<String> OPT_OUT_WORDS =
      Set.of(
          "optout",
          "optedout",
          "stop",
          "desinscrit",
          "desinscription",
          "desabonne",
          "desabonnement",
          "unsubscribed",
          "opposition",
          "refus",
          "blacklist",
          "blacklisted");
  private static final Set<String> DATE_WORDS =
      Set.of("date", "at", "horodatage", "timestamp", "datetime");

  /** Words that narrow consent or opt-out to marketing SMS without changing its meaning. */
  private static final Set<String> QUALIFIERS =
      Set.of(
          "sms",
          "marketing",
          "commercial",
          "commerciale",
          "commerciales",
          "commerciaux",
          "prospection",
          "promotionnel",
          "promotionnels",
          "offres",
          "offre");

  /** Articles and prepositions, and the "e" of inclusive forms such as "Désinscrit(e)". */
  private static final Set<String> FILLERS =
      Set.of("de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "aux", "par", "en", "e");

  /** Word starts that make a header look like consent or opt-out. */
  private static final List<String> SUSPECT_STARTS =
      List.of(
          "consent",
          "optin",
          "optout",
          "optedout",
          "desinscri",
          "desabonn",
          "unsubscri",
          "opposition",
          "oppose",
          "stop",
          "refus",
          "blacklist",
          "rgpd",
          "gdpr",
          "bloctel");

  /**
   * Word starts that look like consent only next to a qualifier ("Abonné SMS", "Accepts SMS
   * Marketing", "SMS subscription"): alone they are common in other senses (a subscription plan).
   */
  private static final List<String> QUALIFIED_SUSPECT_STARTS =
      List.of("abonn", "subscri", "inscri", "accept", "accord", "autoris", "permission");

  private HeaderVocabulary() {}

  /** The field a header names, if it names one. */
  static Optional<Field> field(String header) {
    String canonical = canonicalName(header);
    Field exact = EXACT.get(canonical);
    if (exact != null) {
      return Optional.of(exact);
    }
    List<String> words = words(canonical);
    if (phoneClass(words) > 0) {
      return Optional.of(Field.PHONE);
    }
    List<String> core = new ArrayList<>();
    for (String word : words) {
      if (!QUALIFIERS.contains(word) && !FILLERS.contains(word)) {
        core.add(word);
      }
    }
    if (core.size() == 1 && CONSENT_WORDS.contains(core.get(0))) {
      return Optional.of(Field.CONSENT);
    }
    if (core.size() == 1 && OPT_OUT_WORDS.contains(core.get(0))) {
      return Optional.of(Field.OPTED_OUT);
    }
    if (core.size() == 2) {
      int date = DATE_WORDS.contains(core.get(0)) ? 0 : DATE_WORDS.contains(core.get(1)) ? 1 : -1;
      if (date >= 0 && CONSENT_WORDS.contains(core.get(1 - date))) {
        return Optional.of(Field.CONSENT_AT);
      }
    }
    return Optional.empty();
  }

  /** Whether a phone header names a mobile number (preferred over a generic phone column). */
  static boolean isMobile(String header) {
    return phoneClass(words(canonicalName(header))) == 2;
  }

  /**
   * Whether a header looks like it holds consent or an opt-out (consent, opt-in, désinscrit,
   * opposition, STOP, refus, blacklist, RGPD, liste rouge, Bloctel...), used or not.
   */
  static boolean looksLikeConsentOrOptOut(String header) {
    String canonical = canonicalName(header);
    if (canonical.contains("liste_rouge") || canonical.contains("liste_orange")) {
      return true;
    }
    List<String> words = words(canonical);
    boolean qualified = words.stream().anyMatch(QUALIFIERS::contains);
    for (String word : words) {
      if (word.equals("opt")
          || SUSPECT_STARTS.stream().anyMatch(word::startsWith)
          || (qualified && QUALIFIED_SUSPECT_STARTS.stream().anyMatch(word::startsWith))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Folds a header name: no accents, lower case, runs of anything but letters and digits become one
   * underscore.
   */
  static String canonicalName(String header) {
    String unaccented =
        Normalizer.normalize(header.replace("\uFEFF", ""), Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "");
    return unaccented
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
  }

  /** 2 for a mobile header, 1 for a generic phone header, 0 otherwise. */
  private static int phoneClass(List<String> words) {
    boolean mobile = false;
    boolean phone = false;
    boolean marker = false;
    for (String word : words) {
      if (MOBILE_WORDS.contains(word)) {
        mobile = true;
      } else if (PHONE_WORDS.contains(word)) {
        phone = true;
      } else if (NUMBER_MARKERS.contains(word)) {
        marker = true;
      } else if (!word.equals("sms") && !FILLERS.contains(word)) {
        return 0; // "Téléphone fixe", "Tel domicile": another number, kept as an attribute
      }
    }
    if (mobile) {
      return 2;
    }
    return phone ? 1 : 0;
  }

  /** The words of a canonical name, with "opt in", "opt out", "e mail" and the like joined. */
  private static List<String> words(String canonical) {
    List<String> words = new ArrayList<>(Arrays.asList(canonical.split("_")));
    words.removeIf(String::isEmpty);
    for (int i = 0; i + 1 < words.size(); i++) {
      String joined =
          switch (words.get(i) + " " + words.get(i + 1)) {
            case "opt in" -> "optin";
            case "opt out" -> "optout";
            case "opted out" -> "optedout";
            case "e mail" -> "email";
            case "black list" -> "blacklist";
            case "cell phone" -> "cellphone";
            default -> null;
          };
      if (joined != null) {
        words.set(i, joined);
        words.remove(i + 1);
      }
    }
    return words;
  }

  private static void exact(Field field, String... names) {
    for (String name : names) {
      EXACT.put(name, field);
    }
  }
}
