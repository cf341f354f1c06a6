package dev.relais.contacts.gdpr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one erasure path (GDPR Art. 17) of the API and of the retention sweeper: the dispatch queue
 * and the tracked links, then contacts' own tables, then the queue and the links again.
 *
 * <p>The queue and the links go first so that a scheduler or a links service that cannot be reached
 * fails the erasure before anything is deleted: nothing is claimed that was not done, and the retry
 * (or the next retention sweep, which finds the contact still there) starts from the same state.
 * The second pass catches a message, and its links, that a campaign expansion wrote from a page it
 * read before the contact was deleted. Every step is idempotent, so the whole is safe to retry.
 */
public final class NumberErasure {

  private final ContactErasure contacts;
  private final QueueErasure queue;
  private final ContactLinks links;

  public NumberErasure(ContactErasure contacts, QueueErasure queue, ContactLinks links) {
    this.contacts = contacts;
    this.queue = queue;
    this.links = links;
  }

  /** Where this erasure reaches the dispatch queue; an export searches the same queue. */
  public QueueErasure queue() {
    return queue;
  }

  /** Where this erasure reaches the tracked links; an export searches the same links. */
  public ContactLinks links() {
    return links;
  }

  /** What erasing one number did, in contacts, in the queue and in the links. */
  public record Result(
      ContactErasure.Result contact, QueueErasure.Result queued, ContactLinks.Erased links) {}

  /** What erasing a batch of numbers did: numbers found in contacts, queued messages scrubbed. */
  public record Summary(
      int numbers, int found, QueueErasure.Result queued, ContactLinks.Erased links) {}

  /**
   * Erases {@code phone} (E.164) everywhere.
   *
   * @throws UnreachableException when the queue or the links could not be searched; contacts' own
   *     data may then be erased already (if a second pass failed), but nothing is claimed
   */
  public Result erase(String phone) {
    List<ContactErasure.Result> contact = new ArrayList<>(1);
    Outside outside = erase(List.of(phone), contact);
    return new Result(contact.get(0), outside.queued(), outside.links());
  }

  /** Erases several numbers with one scan of the queue per pass. */
  public Summary eraseAll(Collection<String> phones) {
    List<ContactErasure.Result> contact = new ArrayList<>(phones.size());
    Outside outside = erase(List.copyOf(phones), contact);
    int found = (int) contact.stream().filter(ContactErasure.Result::found).count();
    return new Summary(phones.size(), found, outside.queued(), outside.links());
  }

  /** What the erasure did outside contacts. */
  private record Outside(QueueErasure.Result queued, ContactLinks.Erased links) {}

  private Outside erase(List<String> numbers, List<ContactErasure.Result> contact) {
    QueueErasure.Result queued = queue.erase(numbers);
    ContactLinks.Erased linked = links.erase(numbers);
    for (String phone : numbers) {
      contact.add(contacts.erase(phone));
    }
    if (queued.searched()) {
      queued = queued.plus(queue.erase(numbers));
    }
    if (linked.searched()) {
      linked = linked.plus(links.erase(numbers));
    }
    return new Outside(queued, linked);
  }
}
