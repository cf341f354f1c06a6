package dev.relais.dispatch.receipt;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalises SMSC message ids so that the id of a submit_sm_resp and the id its delivery receipt
 * quotes still match when the SMSC writes them differently.
 *
 * <p>The rule: an id is compared in canonical form, i.e. trimmed, lowercase, without dashes (a
 * UUID-shaped id may lose them) and without leading zeros ("0" if nothing else remains).
 * Correlation is stored under the canonical form of the submit_sm_resp id. A receipt id is looked
 * up first as itself, then, when it is numeric, in its other base: a decimal id also as
 * hexadecimal, and a hexadecimal id also as decimal, because many SMSCs answer submit_sm in one
 * base and quote the id in the other in receipts (SMPP 3.4 asks for hex in receipts, some send
 * decimal anyway).
 */
public final class SmscMessageIds {

  /** Longer ids are not converted between bases: they are not numbers but opaque strings. */
  private static final int MAX_CONVERTIBLE_DIGITS = 40;

  private SmscMessageIds() {}

  /** The canonical form of an id; blank ids give "". */
  public static String canonical(String id) {
    if (id == null) {
      return "";
    }
    String s = id.strip().toLowerCase(Locale.ROOT);
    if (s.indexOf('-') >= 0) {
      s = s.replace("-", "");
    }
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  /**
   * The canonical keys under which a receipt's id may have been stored, most likely first: the id
   * itself, then its hexadecimal reading as decimal, then its decimal reading as hexadecimal.
   */
  public static List<String> lookupKeys(String receiptId) {
    String canonical = canonical(receiptId);
    List<String> keys = new ArrayList<>(3);
    if (canonical.isEmpty()) {
      return keys;
    }
    keys.add(canonical);
    if (canonical.length() <= MAX_CONVERTIBLE_DIGITS) {
      if (isDigits(canonical, 16)) {
        add(keys, new BigInteger(canonical, 16).toString(10));
      }
      if (isDigits(canonical, 10)) {
        add(keys, new BigInteger(canonical, 10).toString(16));
      }
    }
    return keys;
  }

  private static void add(List<String> keys, String key) {
    if (!keys.contains(key)) {
      keys.add(key);
    }
  }

  private static boolean isDigits(String s, int radix) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), radix) < 0) {
        return false;
      }
    }
    return true;
  }
}
