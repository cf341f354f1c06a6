package dev.relais.contacts.gdpr;

import com.google.protobuf.util.Timestamps;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.contacts.store.MarketingSends;
import dev.relais.proto.contacts.v1.TrackedLink;
import dev.relais.proto.links.v1.EraseContactLinksRequest;
import dev.relais.proto.links.v1.EraseContactLinksResponse;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportContactLinksResponse;
import dev.relais.proto.links.v1.ExportedLink;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.MessageRef;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code relais.links.v1.LinksService}: {@code EraseContactLinks} and {@code
 * ExportContactLinks}, with the number's marketing messages as contacts recorded them (the links of
 * a marketing message are found by the message) and the contact key the scheduler files the links
 * of other messages under ({@link PersonalData#contactKey}: the number never leaves contacts).
 */
public final class LinksServiceContactLinks implements ContactLinks {

  /**
   * Numbers per EraseContactLinks call: their contact keys, and their messages (the service takes
   * at most 1000 of each, and a number is sent at most a few marketing messages in 90 days).
   */
  static final int KEYS_PER_CALL = 100;

  /** Messages per call, the links service's limit. */
  static final int MESSAGES_PER_CALL = 1000;

  private final LinksServiceGrpc.LinksServiceBlockingStub stub;
  private final PrivacyKey privacyKey;
  private final MarketingSends marketingSends;
  private final Duration deadline;

  /**
   * @param privacyKey the platform's privacy key, the scheduler's too
   * @param marketingSends the marketing messages recorded for each number
   * @param deadline how long one call may take
   */
  public LinksServiceContactLinks(
      Channel channel, PrivacyKey privacyKey, MarketingSends marketingSends, Duration deadline) {
    this.stub = LinksServiceGrpc.newBlockingStub(channel);
    this.privacyKey = privacyKey;
    this.marketingSends = marketingSends;
    this.deadline = deadline;
  }

  @Override
  public Erased erase(Collection<String> phones) {
    List<String> numbers = List.copyOf(phones);
    Erased erased = new Erased(0, true, false);
    List<EraseContactLinksRequest> requests = new ArrayList<>();
    EraseContactLinksRequest.Builder request = EraseContactLinksRequest.newBuilder();
    for (String phone : numbers) {
      List<MessageRef> messages = messages(phone);
      if (request.getContactKeysCount() == KEYS_PER_CALL
          || request.getMessagesCount() + messages.size() > MESSAGES_PER_CALL) {
        requests.add(request.build());
        request = EraseContactLinksRequest.newBuilder();
      }
      request.addContactKeys(contactKey(phone));
      // A number's messages over the limit (never seen: 90 days of marketing) go in calls of
      // their own.
      for (int from = 0; from < messages.size(); from += MESSAGES_PER_CALL) {
        List<MessageRef> chunk =
            messages.subList(from, Math.min(messages.size(), from + MESSAGES_PER_CALL));
        if (request.getMessagesCount() + chunk.size() > MESSAGES_PER_CALL) {
          requests.add(request.build());
          request = EraseContactLinksRequest.newBuilder();
        }
        request.addAllMessages(chunk);
      }
    }
    if (request.getContactKeysCount() > 0 || request.getMessagesCount() > 0) {
      requests.add(request.build());
    }
    for (EraseContactLinksRequest call : requests) {
      try {
        EraseContactLinksResponse answer =
            stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .eraseContactLinks(call);
        erased = erased.plus(new Erased(answer.getErased(), true, answer.getAggregateOnly()));
      } catch (StatusRuntimeException e) {
        throw unreachable("erase", e);
      }
    }
    return erased;
  }

  @Override
  public Holdings export(String phone) {
    List<MessageRef> messages = messages(phone);
    Map<String, ExportedLink> held = new HashMap<>();
    boolean aggregateOnly = false;
    // One call at least (the contact key), then one per MESSAGES_PER_CALL messages.
    for (int from = 0; from == 0 || from < messages.size(); from += MESSAGES_PER_CALL) {
      ExportContactLinksResponse answer;
      try {
        answer =
            stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .exportContactLinks(
                    ExportContactLinksRequest.newBuilder()
                        .setContactKey(contactKey(phone))
                        .addAllMessages(
                            messages.subList(
                                from, Math.min(messages.size(), from + MESSAGES_PER_CALL)))
                        .build());
      } catch (StatusRuntimeException e) {
        throw unreachable("export", e);
      }
      answer.getLinksList().forEach(link -> held.put(link.getToken(), link));
      aggregateOnly |= answer.getAggregateOnly();
    }
    List<TrackedLink> links =
        held.values().stream()
            .sorted(
                Comparator.comparing(ExportedLink::getCreatedAt, Timestamps.comparator())
                    .thenComparing(ExportedLink::getToken))
            .map(LinksServiceContactLinks::trackedLink)
            .toList();
    return new Holdings(links, true, aggregateOnly);
  }

  /** The marketing messages recorded for {@code phone}, a number that is not a contact included. */
  private List<MessageRef> messages(String phone) {
    List<MessageRef> messages = new ArrayList<>();
    for (MarketingSends.Send send : marketingSends.held(phone)) {
      if (send.messageId() != null) {
        messages.add(
            MessageRef.newBuilder()
                .setCampaignId(send.campaign())
                .setMessageId(send.messageId())
                .build());
      }
    }
    return messages;
  }

  private static UnreachableException unreachable(String call, StatusRuntimeException e) {
    return new UnreachableException(
        "the tracked links of this number could not be searched (the links service did not "
            + call
            + " them: "
            + e.getStatus().getCode()
            + ")",
        e);
  }

  private String contactKey(String phone) {
    return PersonalData.contactKey(phone, privacyKey);
  }

  private static TrackedLink trackedLink(ExportedLink link) {
    TrackedLink.Builder tracked =
        TrackedLink.newBuilder()
            .setToken(link.getToken())
            .setCampaignId(link.getCampaignId())
            .setVariant(link.getVariant())
            .setTargetUrl(link.getTargetUrl())
            .setCreatedAt(link.getCreatedAt())
            .setExpiresAt(link.getExpiresAt());
    if (link.hasFirstClickedAt()) {
      tracked.setFirstClickedAt(link.getFirstClickedAt());
    }
    return tracked.build();
  }
}
