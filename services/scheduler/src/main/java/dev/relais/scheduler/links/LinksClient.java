package dev.relais.scheduler.links;

import dev.relais.proto.links.v1.ClickCounts;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.DescribeLinksRequest;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinkStats;
import dev.relais.proto.links.v1.LinksDescription;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.VariantLinkStats;
import dev.relais.scheduler.campaign.CampaignClicks;
import dev.relais.scheduler.template.LinkShape;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The links service as the scheduler uses it: the shape of its links (asked once, the first time a
 * template has a link), the creation of links in calls of at most {@value #MAX_PER_CALL}, and the
 * clicks a campaign's links received.
 */
public final class LinksClient implements Supplier<Optional<LinkShape>>, CampaignClicks {

  private static final Logger LOG = Logger.getLogger(LinksClient.class.getName());

  /** Links of one CreateLinks call, the links service's limit. */
  public static final int MAX_PER_CALL = 1000;

  private final Channel channel;
  private final Duration timeout;
  private volatile LinkShape shape;

  public LinksClient(Channel channel, Duration timeout) {
    this.channel = channel;
    this.timeout = timeout;
  }

  /**
   * The shape of the links service's links, asked once: its base URL is its configuration, which
   * changes with a restart of the platform.
   *
   * @throws io.grpc.StatusRuntimeException when the links service cannot answer
   */
  @Override
  public Optional<LinkShape> get() {
    LinkShape known = shape;
    if (known == null) {
      LinksDescription description =
          stub().describeLinks(DescribeLinksRequest.getDefaultInstance());
      known = new LinkShape(description.getBaseUrl(), description.getTokenLength());
      shape = known;
    }
    return Optional.of(known);
  }

  /** Creates {@code links} (any number), returning their short URLs in the same order. */
  public List<String> create(List<LinkRequest> links) {
    List<String> urls = new ArrayList<>(links.size());
    for (int from = 0; from < links.size(); from += MAX_PER_CALL) {
      List<LinkRequest> batch = links.subList(from, Math.min(links.size(), from + MAX_PER_CALL));
      for (CreatedLink created :
          stub()
              .createLinks(CreateLinksRequest.newBuilder().addAllLinks(batch).build())
              .getLinksList()) {
        urls.add(created.getUrl());
      }
    }
    if (urls.size() != links.size()) {
      throw new IllegalStateException(
          "the links service answered " + urls.size() + " links for " + links.size());
    }
    return urls;
  }

  /**
   * The campaign's clicks ({@code GetLinkStats}); empty when the links service does not answer, so
   * that a campaign status never shows unknown clicks as none.
   */
  @Override
  public Optional<Clicks> of(String campaignId) {
    LinkStats stats;
    try {
      stats =
          stub().getLinkStats(GetLinkStatsRequest.newBuilder().setCampaignId(campaignId).build());
    } catch (StatusRuntimeException e) {
      LOG.log(Level.FINE, "no click counts for campaign " + campaignId + ": " + e.getStatus(), e);
      return Optional.empty();
    }
    Map<String, dev.relais.proto.scheduler.v1.ClickCounts> variants = new LinkedHashMap<>();
    boolean aggregateOnly = stats.getAggregateOnly();
    for (VariantLinkStats variant : stats.getVariantsList()) {
      variants.put(variant.getVariant(), counts(variant.getCounts(), aggregateOnly));
    }
    return Optional.of(new Clicks(counts(stats.getTotal(), aggregateOnly), variants));
  }

  private static dev.relais.proto.scheduler.v1.ClickCounts counts(
      ClickCounts counts, boolean aggregateOnly) {
    return dev.relais.proto.scheduler.v1.ClickCounts.newBuilder()
        .setClicks(counts.getClicks())
        .setUniqueClicks(counts.getUniqueClicks())
        .setBotClicks(counts.getBotClicks())
        .setAggregateOnly(aggregateOnly)
        .build();
  }

  private LinksServiceGrpc.LinksServiceBlockingStub stub() {
    return LinksServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
