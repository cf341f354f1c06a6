package dev.relais.sms.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The characters that make a text UCS-2, where they first appear, and whether transliteration
 * ({@link GsmTransliteration}) has a GSM-7 form for them: what a preview shows a writer so that one
 * typographic apostrophe does not silently triple a message's parts.
 */
public final class Ucs2Characters {

  /**
   * One character outside GSM-7.
   *
   * @param character the character (two UTF-16 units for an emoji)
   * @param line 1-based line of its first occurrence
   * @param column 1-based column of its first occurrence, counted in characters
   * @param occurrences how many times the text holds it
   * @param gsm7Form its GSM-7 look-alike under transliteration, null when it has none
   */
  public record Occurrence(
      String character, int line, int column, int occurrences, String gsm7Form) {

    /** Whether transliteration turns it into GSM-7. */
    public boolean transliterable() {
      return gsm7Form != null;
    }

    /** E.g. {@code ’ (U+2019) at column 34}, or {@code at line 2, column 5} past the first line. */
    public String describe() {
      return character
          + " ("
          + String.format("U+%04X", character.codePointAt(0))
          + ") at "
          + (line > 1 ? "line " + line + ", " : "")
          + "column "
          + column
          + (occurrences > 1 ? " (" + occurrences + " times)" : "");
    }
  }

  private Ucs2Characters() {}

  /**
   * The characters of {@code text} GSM-7 cannot carry, in order of first appearance; with {@code
   * transliterated}, only those transliteration leaves (positions still in {@code text}).
   */
  public static List<Occurrence> in(String text, boolean transliterated) {
    Map<String, int[]> found = new LinkedHashMap<>();
    int line = 1;
    int column = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      column++;
      char c = text.charAt(i);
      boolean outside =
          width == 2
              || (transliterated
                  ? !GsmTransliteration.hasGsm7Form(c)
                  : GsmAlphabet.septets(c) == 0);
      if (outside) {
        String character = text.substring(i, i + width);
        int[] seen = found.get(character);
        if (seen == null) {
          found.put(character, new int[] {line, column, 1});
        } else {
          seen[2]++;
        }
      }
      if (c == '\n') {
        line++;
        column = 0;
      }
      i += width;
    }
    List<Occurrence> out = new ArrayList<>(found.size());
    found.forEach((character, at) ->
        out.add(
            new Occurrence(
                character,
                at[0],
                at[1],
                at[2],
                character.length() == 1
                    ? GsmTransliteration.lookAlike(character.charAt(0))
                    : null)));
    return out;
  }
}
