package dev.relais.sms.phone;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * France's ten-digit numbering plan, shared by metropolitan France and the overseas departments and
 * collectivities of the Caribbean, Guiana and the Indian Ocean: one national number (0 and nine
 * digits), several country codes. {@code 0690 12 34 56} is a Guadeloupe mobile whether it is
 * dialled from Paris or from Pointe-à-Pitre; in E.164 it is {@code +590 690 12 34 56}, never {@code
 * +33 6 90 12 34 56}, which does not exist.
 *
 * <p>The rule, applied by {@link PhoneNumbers} only: a number of the plan (country code 33, 590,
 * 594, 596 or 262, nine national digits) that is not valid under its own country code is read under
 * the plan's other codes, and the one code under which libphonenumber's metadata finds it valid
 * gives its E.164. This is what turns the French national form {@code 0690 12 34 56}, read with the
 * default region FR, into {@code +590690123456} (GP), and also repairs {@code +33 6 90 12 34 56},
 * which CRMs write when they replace the leading 0 of every number by +33.
 *
 * <p>A block of numbers (the first three national digits, {@code 690}, {@code 639}, {@code 262})
 * belongs to one territory. A number that no code of the plan makes valid, in a block that its own
 * code has no numbers in and that another territory uses for fixed, mobile or VoIP lines, does not
 * exist: {@link PhoneNumbers} refuses it even on its lenient path rather than inventing {@code
 * +33691123456}. Blocks are read from the same metadata, once, on first use.
 *
 * <p>Saint-Barthélemy and Saint-Martin share Guadeloupe's country code and mobile blocks (0690,
 * 0691): libphonenumber attributes their mobiles to GP (only their fixed lines, 0590 27 and 0590
 * 87, to BL and MF). Saint-Pierre-et-Miquelon is outside the plan: its numbers are +508 and six
 * digits (nine for the 708 mobile blocks), with no French national form in the metadata.
 */
final class FrenchNumberingPlan {

  /** Regions whose national numbers are 0 and nine digits of the one plan. */
  static final List<String> REGIONS = List.of("FR", "GP", "BL", "MF", "MQ", "GF", "RE", "YT");

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Country codes of the plan, France first: 33, 590, 596, 594, 262. */
  private static final int[] CODES =
      REGIONS.stream().mapToInt(UTIL::getCountryCodeForRegion).distinct().toArray();

  private static final long SMALLEST = 100_000_000L;
  private static final long LARGEST = 999_999_999L;
  private static final long BLOCK_DIVISOR = 1_000_000L;

  private FrenchNumberingPlan() {}

  /** Whether {@code number} is written in the plan: one of its country codes, nine digits. */
  static boolean concerns(PhoneNumber number) {
    long national = number.getNationalNumber();
    return national >= SMALLEST
        && national <= LARGEST
        && !number.isItalianLeadingZero()
        && isPlanCode(number.getCountryCode());
  }

  /**
   * The number that {@code number}'s national digits make under another code of the plan, when
   * exactly one makes it valid; null otherwise. Callers ask only for numbers invalid under their
   * own code.
   */
  static PhoneNumber relocated(PhoneNumber number) {
    if (!concerns(number)) {
      return null;
    }
    PhoneNumber found = null;
    for (int code : CODES) {
      if (code == number.getCountryCode()) {
        continue;
      }
      PhoneNumber candidate =
          new PhoneNumber().setCountryCode(code).setNationalNumber(number.getNationalNumber());
      if (UTIL.isValidNumber(candidate)) {
        if (found != null) {
          return null; // valid in two territories: not ours to choose
        }
        found = candidate;
      }
    }
    return found;
  }

  /**
   * Whether {@code number}'s block is one its own code has numbers of some kind in. A table
   * look-up: the lenient path asks it of every number to leave metropolitan numbers as fast as they
   * were.
   */
  static boolean inOwnBlock(PhoneNumber number) {
    return Blocks.TABLE.owned.get(number.getCountryCode()).get(block(number));
  }

  /** Whether {@code number}'s block is another territory's fixed, mobile or VoIP block. */
  static boolean inAnotherTerritorysBlock(PhoneNumber number) {
    int block = block(number);
    for (int code : CODES) {
      if (code != number.getCountryCode() && Blocks.TABLE.territorial.get(code).get(block)) {
        return true;
      }
    }
    return false;
  }

  /** The blocks of every code, e.g. "690" for {@code 590}; for tests and the documentation. */
  static List<String> territorialBlocks(int code) {
    List<String> blocks = new ArrayList<>();
    BitSet set = Blocks.TABLE.territorial.get(code);
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
      blocks.add(Integer.toString(i));
    }
    return blocks;
  }

  private static boolean isPlanCode(int code) {
    for (int planCode : CODES) {
      if (planCode == code) {
        return true;
      }
    }
    return false;
  }

  private static int block(PhoneNumber number) {
    return (int) (number.getNationalNumber() / BLOCK_DIVISOR);
  }

  /** The blocks of each code of the plan, computed once from libphonenumber's metadata. */
  private static final class Blocks {

    static final Blocks TABLE = new Blocks();

    /** Per code, the blocks that start some number of any kind of one of its regions. */
    final Map<Integer, BitSet> owned = new HashMap<>();

    /** Per code, the blocks that start a fixed, mobile or VoIP number of one of its regions. */
    final Map<Integer, BitSet> territorial = new HashMap<>();

    private Blocks() {
      for (int code : CODES) {
        owned.put(code, new BitSet(1000));
        territorial.put(code, new BitSet(1000));
      }
      var source = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
      for (String region : REGIONS) {
        PhoneMetadata metadata = source.getMetadataForRegion(region);
        int code = metadata.getCountryCode();
        List<Pattern> lines =
            patterns(metadata.getFixedLine(), metadata.getMobile(), metadata.getVoip());
        List<Pattern> others =
            patterns(
                metadata.getTollFree(),
                metadata.getPremiumRate(),
                metadata.getSharedCost(),
                metadata.getPersonalNumber(),
                metadata.getUan(),
                metadata.getPager(),
                metadata.getVoicemail());
        for (int block = 100; block < 1000; block++) {
          String digits = Integer.toString(block);
          if (startsOne(lines, digits)) {
            territorial.get(code).set(block);
            owned.get(code).set(block);
          } else if (startsOne(others, digits)) {
            owned.get(code).set(block);
          }
        }
      }
    }

    private static List<Pattern> patterns(PhoneNumberDesc... descriptions) {
      List<Pattern> patterns = new ArrayList<>();
      for (PhoneNumberDesc description : descriptions) {
        if (description.hasNationalNumberPattern()
            && !description.getNationalNumberPattern().isEmpty()) {
          patterns.add(Pattern.compile(description.getNationalNumberPattern()));
        }
      }
      return patterns;
    }

    /** Whether some string matching one of the patterns begins with {@code prefix}. */
    private static boolean startsOne(List<Pattern> patterns, String prefix) {
      for (Pattern pattern : patterns) {
        Matcher matcher = pattern.matcher(prefix);
        // Reaching the end of the input means that more digits could complete a match.
        if (matcher.matches() || matcher.hitEnd()) {
          return true;
        }
      }
      return false;
    }
  }
}
