package dev.relais.contacts.gdpr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one erasure path (GDPR Art. 17) of the API and of the retention sweeper: the dispatch queue,
 * then contacts' own tables, then the queue again.
 *
 * <p>The queue goes first so that a scheduler that cannot be reached fails the erasure before
 * anything is deleted: nothing is claimed that was not done, and the retry starts from the same
 * state. The second pass catches a message that a campaign expansion wrote from a page it read
 * before the contact was deleted. Every step is idempotent, so the whole is safe to retry.
 */
public final class NumberErasure {

  private final ContactErasure contacts;
  private final QueueErasure queue;

  public NumberErasure(ContactErasure contacts, QueueErasure queue) {
    this.contacts = contacts;
    this.queue = queue;
  }

  /** Where this erasure reaches the dispatch queue; an export searches the same queue. */
  public QueueErasure queue() {
    return queue;
  }

  /** What erasing one number did, in contacts and in the queue. */
  public record Result(ContactErasure.Result contact, QueueErasure.Result queued) {}

  /** What erasing a batch of numbers did: numbers found in contacts, queued messages scrubbed. */
  public record Summary(int numbers, int found, QueueErasure.Result queued) {}

  /**
   * Erases {@code phone} (E.164) everywhere.
   *
   * @throws QueueErasure.UnreachableException when the queue could not be searched; contacts' own
   *     data may then be erased already (if the second pass failed), but nothing is claimed
   */
  public Result erase(String phone) {
    List<ContactErasure.Result> contact = new ArrayList<>(1);
    QueueErasure.Result queued = erase(List.of(phone), contact);
    return new Result(contact.get(0), queued);
  }

  /** Erases several numbers with one scan of the queue per pass. */
  public Summary eraseAll(Collection<String> phones) {
    List<ContactErasure.Result> contact = new ArrayList<>(phones.size());
    QueueErasure.Result queued = erase(List.copyOf(phones), contact);
    int found = (int) contact.stream().filter(ContactErasure.Result::found).count();
    return new Summary(phones.size(), found, queued);
  }

  private QueueErasure.Result erase(List<String> numbers, List<ContactErasure.Result> contact) {
    QueueErasure.Result first = queue.erase(numbers);
    for (String phone : numbers) {
      contact.add(contacts.erase(phone));
    }
    return first.searched() ? first.plus(queue.erase(numbers)) : first;
  }
}
