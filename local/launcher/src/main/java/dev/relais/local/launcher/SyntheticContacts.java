package dev.relais.local.launcher;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a realistic, synthetic contacts file: French headers, semicolons, numbers written the ways
 * people write them, and the usual flaws of a real base: invalid numbers, contacts without SMS
 * consent, contacts who already opted out. Deterministic for a given size and seed.
 *
 * <p>The numbers are generated, not real: they fall in the French mobile range but belong to no one
 * known to Relais. The quickstart file is produced by {@code main}.
 */
public final class SyntheticContacts {

  private static final String[] FIRST_NAMES = {
    "Marie", "Jean", "Camille", "Lucas", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Gabriel",
    "Inès", "Arthur", "Zoé", "Jules", "Alice", "Paul", "Emma", "Nathan", "Sarah", "François"
  };
  private static final String[] LAST_NAMES = {
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David"
  };
  private static final String[] CITIES = {
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Strasbourg",
    "Rennes",
    "Nice",
    ""
  };
  private static final String[] POSTAL_CODES = {
    "75011", "69003", "13001", "31000", "44000", "59000", "33000", "67000", "35000", "06000", ""
  };

  /** What kind of row the generator wrote, so tests can predict the outcome of each. */
  public enum RowKind {
    CONSENTING,
    NO_CONSENT,
    OPTED_OUT,
    INVALID_NUMBER
  }

  private SyntheticContacts() {}

  /** Kind of the {@code i}-th row (0-based). About 2% invalid, 5% opted out, 12% no consent. */
  public static RowKind kindOf(long i) {
    if (i % 50 == 7) {
      return RowKind.INVALID_NUMBER;
    }
    if (i % 20 == 3) {
      return RowKind.OPTED_OUT;
    }
    if (i % 8 == 5) {
      return RowKind.NO_CONSENT;
    }
    return RowKind.CONSENTING;
  }

  /** Second digits of French 06 numbers that libphonenumber knows as mobile (063x/069x vary). */
  private static final char[] MOBILE_RANGES = {'0', '1', '2', '4', '5', '6', '7', '8'};

  /** The E.164 number of the {@code i}-th row (for invalid rows: the one it was cut from). */
  public static String e164(long i) {
    // 7919 is prime, hence coprime with 10^7: every i below 10^7 gets its own seven digits.
    long subscriber = Math.floorMod(i * 7919L + 1_234_567L, 10_000_000L);
    return String.format("+336%c%07d", MOBILE_RANGES[(int) (i % MOBILE_RANGES.length)], subscriber);
  }

  /** How the {@code i}-th number is written in the file. */
  static String written(long i) {
    if (kindOf(i) == RowKind.INVALID_NUMBER) {
      return ("0" + e164(i).substring(3)).substring(0, 6 + (int) (i % 3)); // cut short
    }
    return writtenValid(i);
  }

  private static String writtenValid(long i) {
    String national = "0" + e164(i).substring(3);
    return switch ((int) (i % 4)) {
      case 0 -> national.replaceAll("(\\d{2})(?=\\d)", "$1 ");
      case 1 ->
          "+33 "
              + national.substring(1, 2)
              + " "
              + national.substring(2).replaceAll("(\\d{2})(?=\\d)", "$1 ");
      case 2 -> "0033" + national.substring(1);
      default -> e164(i);
    };
  }

  /** Writes {@code rows} contacts to {@code file}, with the usual share of flawed rows. */
  public static void write(Path file, long rows, long seed) throws IOException {
    write(file, rows, seed, true);
  }

  /**
   * Writes {@code rows} contacts to {@code file}; without {@code flawed}, every row is a valid,
   * consenting contact (benchmarks that want one message per row).
   */
  public static void write(Path file, long rows, long seed, boolean flawed) throws IOException {
    write(file, 0, rows, seed, flawed);
  }

  /**
   * Writes rows {@code firstRow} to {@code firstRow + rows - 1}: files written from disjoint ranges
   * hold different numbers (below 10,000,000 rows), so campaigns to them never share a recipient.
   */
  public static void write(Path file, long firstRow, long rows, long seed, boolean flawed)
      throws IOException {
    Random random = new Random(seed);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("telephone;prenom;nom;ville;code_postal;consentement_sms;date_optin;stop;tags\n");
      for (long i = firstRow; i < firstRow + rows; i++) {
        RowKind kind = flawed ? kindOf(i) : RowKind.CONSENTING;
        int city = random.nextInt(CITIES.length);
        boolean consent = kind == RowKind.CONSENTING || kind == RowKind.OPTED_OUT;
        out.write(kind == RowKind.INVALID_NUMBER ? written(i) : writtenValid(i));
        out.write(';');
        out.write(FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]);
        out.write(';');
        out.write(LAST_NAMES[random.nextInt(LAST_NAMES.length)]);
        out.write(';');
        out.write(CITIES[city]);
        out.write(';');
        out.write(POSTAL_CODES[city]);
        out.write(';');
        out.write(consent ? "oui" : "non");
        out.write(';');
        out.write(
            consent
                ? String.format("2026-%02d-%02d", 1 + random.nextInt(9), 1 + random.nextInt(28))
                : "");
        out.write(';');
        out.write(kind == RowKind.OPTED_OUT ? "oui" : "non");
        out.write(';');
        out.write(random.nextInt(3) == 0 ? "fidelite|newsletter" : "newsletter");
        out.write('\n');
      }
    }
  }

  /** {@code SyntheticContacts <file> <rows> [seed]}: writes a contacts file. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SyntheticContacts <file> <rows> [seed]");
      System.exit(2);
    }
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 2026L;
    write(Path.of(args[0]), Long.parseLong(args[1]), seed);
  }
}
