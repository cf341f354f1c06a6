package dev.relais.contacts.gdpr;

import com.google.protobuf.util.Timestamps;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.proto.contacts.v1.TrackedLink;
import dev.relais.proto.links.v1.EraseContactLinksRequest;
import dev.relais.proto.links.v1.EraseContactLinksResponse;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportContactLinksResponse;
import dev.relais.proto.links.v1.ExportedLink;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code relais.links.v1.LinksService}: {@code EraseContactLinks} and {@code
 * ExportContactLinks}, with the contact key the scheduler files each recipient's links under
 * ({@link PersonalData#contactKey}: the number never leaves contacts).
 */
public final class LinksServiceContactLinks implements ContactLinks {

  /** Contact keys per EraseContactLinks call (the service takes at most 1000). */
  static final int KEYS_PER_CALL = 100;

  private final LinksServiceGrpc.LinksServiceBlockingStub stub;
  private final PrivacyKey privacyKey;
  private final Duration deadline;

  /**
   * @param privacyKey the platform's privacy key, the scheduler's too
   * @param deadline how long one call may take
   */
  public LinksServiceContactLinks(Channel channel, PrivacyKey privacyKey, Duration deadline) {
    this.stub = LinksServiceGrpc.newBlockingStub(channel);
    this.privacyKey = privacyKey;
    this.deadline = deadline;
  }

  @Override
  public Erased erase(Collection<String> phones) {
    List<String> keys = phones.stream().map(this::contactKey).toList();
    Erased erased = new Erased(0, true, false);
    for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL));
      try {
        EraseContactLinksResponse answer =
            stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .eraseContactLinks(
                    EraseContactLinksRequest.newBuilder().addAllContactKeys(chunk).build());
        erased = erased.plus(new Erased(answer.getErased(), true, answer.getAggregateOnly()));
      } catch (StatusRuntimeException e) {
        throw new UnreachableException(
            "the tracked links of this number could not be searched (the links service did not"
                + " erase them: "
                + e.getStatus().getCode()
                + ")",
            e);
      }
    }
    return erased;
  }

  @Override
  public Holdings export(String phone) {
    ExportContactLinksResponse answer;
    try {
      answer =
          stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .exportContactLinks(
                  ExportContactLinksRequest.newBuilder().setContactKey(contactKey(phone)).build());
    } catch (StatusRuntimeException e) {
      throw new UnreachableException(
          "the tracked links of this number could not be searched (the links service did not"
              + " export them: "
              + e.getStatus().getCode()
              + ")",
          e);
    }
    List<TrackedLink> links =
        answer.getLinksList().stream()
            .sorted(
                Comparator.comparing(ExportedLink::getCreatedAt, Timestamps.comparator())
                    .thenComparing(ExportedLink::getToken))
            .map(LinksServiceContactLinks::trackedLink)
            .toList();
    return new Holdings(links, true, answer.getAggregateOnly());
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
