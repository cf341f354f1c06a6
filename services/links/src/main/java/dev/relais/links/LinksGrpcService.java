package dev.relais.links;

import static dev.relais.common.time.ProtoTime.timestamp;

import com.google.protobuf.Timestamp;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.common.time.ProtoTime;
import dev.relais.links.store.ClickCounterDao;
import dev.relais.links.store.ContactMessages;
import dev.relais.links.store.Link;
import dev.relais.links.store.LinkDao;
import dev.relais.links.token.KeyedLinkTokens;
import dev.relais.links.token.LinkTokens;
import dev.relais.proto.links.v1.ContactMessage;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreateLinksResponse;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.DescribeLinksRequest;
import dev.relais.proto.links.v1.EraseContactLinksRequest;
import dev.relais.proto.links.v1.EraseContactLinksResponse;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportContactLinksResponse;
import dev.relais.proto.links.v1.ExportedLink;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinkStats;
import dev.relais.proto.links.v1.LinksDescription;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import dev.relais.proto.links.v1.ListContactMessagesResponse;
import dev.relais.proto.links.v1.MessageRef;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The gRPC {@code relais.links.v1.LinksService}: validates, then delegates to the stores. */
final class LinksGrpcService extends LinksServiceGrpc.LinksServiceImplBase {

  private final LinkDao links;
  private final ClickCounterDao counters;
  private final LinkCache cache;
  private final KeyedLinkTokens tokens;
  private final String baseUrl;
  private final Duration lifetime;
  private final boolean aggregateOnly;
  private final Clock clock;

  LinksGrpcService(
      LinkDao links,
      ClickCounterDao counters,
      LinkCache cache,
      KeyedLinkTokens tokens,
      String baseUrl,
      Duration lifetime,
      boolean aggregateOnly,
      Clock clock) {
    this.links = links;
    this.counters = counters;
    this.cache = cache;
    this.tokens = tokens;
    this.baseUrl = baseUrl;
    this.lifetime = lifetime;
    this.aggregateOnly = aggregateOnly;
    this.clock = clock;
  }

  @Override
  public void createLinks(
      CreateLinksRequest request, StreamObserver<CreateLinksResponse> response) {
    GrpcErrors.answer(response, "links", () -> create(request));
  }

  private CreateLinksResponse create(CreateLinksRequest request) {
    Optional<String> problem = LinkRequestValidator.problem(request.getLinksList());
    if (problem.isPresent()) {
      throw new IllegalArgumentException("no link created: " + problem.get());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expires = now.plus(lifetime);
    Timestamp expiresAt = timestamp(expires);
    KeyedLinkTokens.Batch batch = tokens.batch();
    List<Link> created = new ArrayList<>(request.getLinksCount());
    CreateLinksResponse.Builder answer = CreateLinksResponse.newBuilder();
    for (LinkRequest item : request.getLinksList()) {
      // Aggregate-only: nothing that leads back to the recipient is kept, neither the contact key
      // nor the message id (the dispatch queue and receipts know its number). The token is still
      // derived from the message id, so a page expanded again still gets the same links.
      Link link =
          Link.created(
              batch.of(item.getCampaignId(), item.getMessageId(), item.getTargetUrl()),
              item.getCampaignId(),
              item.getVariant(),
              aggregateOnly ? "" : item.getMessageId(),
              aggregateOnly ? "" : item.getContactKey(),
              item.getTargetUrl(),
              now,
              expires);
      created.add(link);
      answer.addLinks(
          CreatedLink.newBuilder()
              .setToken(link.token())
              .setUrl(baseUrl + "/" + link.token())
              .setExpiresAt(expiresAt));
    }
    links.insert(created).toCompletableFuture().join();
    return answer.build();
  }

  @Override
  public void describeLinks(
      DescribeLinksRequest request, StreamObserver<LinksDescription> response) {
    GrpcErrors.answer(
        response,
        "links",
        () ->
            LinksDescription.newBuilder()
                .setBaseUrl(baseUrl)
                .setTokenLength(LinkTokens.LENGTH)
                .build());
  }

  @Override
  public void getLinkStats(GetLinkStatsRequest request, StreamObserver<LinkStats> response) {
    GrpcErrors.answer(
        response,
        "links",
        () -> {
          if (request.getCampaignId().isBlank()) {
            throw new IllegalArgumentException("campaign_id is missing");
          }
          return counters.read(request.getCampaignId()).toBuilder()
              .setAggregateOnly(aggregateOnly)
              .build();
        });
  }

  @Override
  public void eraseContactLinks(
      EraseContactLinksRequest request, StreamObserver<EraseContactLinksResponse> response) {
    GrpcErrors.answer(
        response,
        "links",
        () -> {
          if (request.getContactKeysCount() > LinkRequestValidator.MAX_LINKS) {
            throw new IllegalArgumentException(
                "at most " + LinkRequestValidator.MAX_LINKS + " contact keys per call");
          }
          for (String key : request.getContactKeysList()) {
            if (key.isBlank()) {
              throw new IllegalArgumentException("a contact key is empty");
            }
          }
          List<LinkDao.MessageRef> messages = messages(request.getMessagesList());
          List<Link> erasedLinks = new ArrayList<>();
          for (String key : request.getContactKeysList()) {
            erasedLinks.addAll(links.erase(key, List.of()));
          }
          erasedLinks.addAll(links.erase("", messages));
          // After the delete: a redirect between the two cannot cache the link again.
          erasedLinks.forEach(link -> cache.remove(link.token()));
          long erased = erasedLinks.stream().map(Link::token).distinct().count();
          return EraseContactLinksResponse.newBuilder()
              .setErased(erased)
              .setAggregateOnly(aggregateOnly)
              .build();
        });
  }

  @Override
  public void listContactMessages(
      ListContactMessagesRequest request, StreamObserver<ListContactMessagesResponse> response) {
    GrpcErrors.answer(
        response,
        "links",
        () -> {
          if (request.getContactKey().isBlank()) {
            throw new IllegalArgumentException("contact_key is missing");
          }
          List<LinkDao.MessageRef> messages = messages(request.getMessagesList());
          Instant since =
              request.hasSince() ? ProtoTime.instant(request.getSince()) : Instant.EPOCH;
          ListContactMessagesResponse.Builder answer = ListContactMessagesResponse.newBuilder();
          for (ContactMessages.Message message :
              links.messagesSince(request.getContactKey(), messages, since)) {
            ContactMessage.Builder listed =
                ContactMessage.newBuilder()
                    .setCampaignId(message.campaignId())
                    .setVariant(message.variant())
                    .setMessageId(message.messageId())
                    .setCreatedAt(timestamp(message.createdAt()));
            if (message.lastClickedAt() != null) {
              listed.setLastClickedAt(timestamp(message.lastClickedAt()));
            }
            answer.addMessages(listed);
          }
          return answer.build();
        });
  }

  @Override
  public void exportContactLinks(
      ExportContactLinksRequest request, StreamObserver<ExportContactLinksResponse> response) {
    GrpcErrors.answer(
        response,
        "links",
        () -> {
          if (request.getContactKey().isBlank()) {
            throw new IllegalArgumentException("contact_key is missing");
          }
          List<LinkDao.MessageRef> messages = messages(request.getMessagesList());
          ExportContactLinksResponse.Builder answer =
              ExportContactLinksResponse.newBuilder().setAggregateOnly(aggregateOnly);
          for (Link link : links.held(request.getContactKey(), messages)) {
            ExportedLink.Builder exported =
                ExportedLink.newBuilder()
                    .setToken(link.token())
                    .setCampaignId(link.campaignId())
                    .setVariant(link.variant())
                    .setMessageId(link.messageId())
                    .setTargetUrl(link.targetUrl())
                    .setCreatedAt(timestamp(link.createdAt()))
                    .setExpiresAt(timestamp(link.expiresAt()));
            if (link.firstClickedAt() != null) {
              exported.setFirstClickedAt(timestamp(link.firstClickedAt()));
            }
            answer.addLinks(exported);
          }
          return answer.build();
        });
  }

  /** The messages of a request, checked: at most {@value LinkRequestValidator#MAX_LINKS}. */
  private static List<LinkDao.MessageRef> messages(List<MessageRef> messages) {
    if (messages.size() > LinkRequestValidator.MAX_LINKS) {
      throw new IllegalArgumentException(
          "at most " + LinkRequestValidator.MAX_LINKS + " messages per call");
    }
    List<LinkDao.MessageRef> refs = new ArrayList<>(messages.size());
    for (MessageRef message : messages) {
      if (message.getCampaignId().isBlank() || message.getMessageId().isBlank()) {
        throw new IllegalArgumentException("a message lacks its campaign_id or message_id");
      }
      refs.add(new LinkDao.MessageRef(message.getCampaignId(), message.getMessageId()));
    }
    return refs;
  }
}
