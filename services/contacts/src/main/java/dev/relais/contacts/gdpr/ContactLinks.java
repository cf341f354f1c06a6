package dev.relais.contacts.gdpr;

import dev.relais.proto.contacts.v1.TrackedLink;
import java.util.Collection;
import java.util.List;

/**
 * Contacts' GDPR link to the tracked links of a number's messages, which the links service owns:
 * erasure (the links are deleted and their tokens lead to the fallback page) and export.
 */
public interface ContactLinks {

  /**
   * What an erasure deleted; {@code searched} is false when no links service is wired, {@code
   * aggregateOnly} true when it files no new link under a person.
   */
  record Erased(long erased, boolean searched, boolean aggregateOnly) {

    public static final Erased NOT_SEARCHED = new Erased(0, false, false);

    /** Both results added, searched only if both were. */
    public Erased plus(Erased other) {
      return new Erased(
          erased + other.erased, searched && other.searched, aggregateOnly || other.aggregateOnly);
    }
  }

  /** The links held for one number, with the same two flags as {@link Erased}. */
  record Holdings(List<TrackedLink> links, boolean searched, boolean aggregateOnly) {

    public static final Holdings NOT_SEARCHED = new Holdings(List.of(), false, false);

    public Holdings {
      links = List.copyOf(links);
    }
  }

  /** Contacts running without a links service (tests, tools): nothing is searched, and says so. */
  ContactLinks NONE =
      new ContactLinks() {
        @Override
        public Erased erase(Collection<String> phones) {
          return Erased.NOT_SEARCHED;
        }

        @Override
        public Holdings export(String phone) {
          return Holdings.NOT_SEARCHED;
        }
      };

  /**
   * Deletes the links of {@code phones} (E.164).
   *
   * @throws UnreachableException when the links service did not answer
   */
  Erased erase(Collection<String> phones);

  /**
   * The links held for {@code phone} (E.164), oldest first, found as {@link #erase} finds those it
   * deletes.
   *
   * @throws UnreachableException when the links service did not answer
   */
  Holdings export(String phone);
}
