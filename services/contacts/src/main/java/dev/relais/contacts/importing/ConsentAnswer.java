package dev.relais.contacts.importing;

/** What an import row says about the contact's marketing consent. */
public enum ConsentAnswer {
  /** The row does not say (empty cell, no consent column, or an API record without consent). */
  UNSAID,
  /** Consent given: oui, yes, true, 1... */
  GRANTED,
  /** Consent asked, awaiting the person's confirmation keyword (double opt-in). */
  PENDING,
  /** Consent refused or withdrawn: non, no, false, 0... (a file only; not an opt-out). */
  WITHDRAWN;

  /**
   * The answer of a row whose consent is claimed by several columns: the most restrictive one, so
   * that one column saying no is never overridden by another saying yes (withdrawn, then pending,
   * then granted; a column that does not say is skipped).
   */
  ConsentAnswer and(ConsentAnswer other) {
    return rank(other) > rank(this) ? other : this;
  }

  private static int rank(ConsentAnswer answer) {
    return switch (answer) {
      case UNSAID -> 0;
      case GRANTED -> 1;
      case PENDING -> 2;
      case WITHDRAWN -> 3;
    };
  }
}
