package dev.relais.scheduler.links;

import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.queue.OutgoingMessage;
import dev.relais.scheduler.campaign.CampaignVariant;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.template.LinkShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The link step of a composed page: creates each recipient's short links and puts them in place of
 * the template's {@link LinkShape#standIn stand-ins}, which have their length, so every message
 * keeps its encoding and parts.
 *
 * <p>Crash safety: the links service derives a token from the campaign id, the message id and the
 * URL (a keyed HMAC), and a page's message ids follow from its key and each destination ({@code
 * PageMessageIds}); so a page expanded again after a crash creates the same links again and its
 * messages carry the same text.
 *
 * <p>Only the links of a campaign that is not marketing are filed under the contact's key: those of
 * a marketing campaign are found by their message, which contacts records.
 */
public final class MessageLinks {

  private final LinksClient links;
  private final PrivacyKey privacyKey;

  public MessageLinks(LinksClient links, PrivacyKey privacyKey) {
    this.links = links;
    this.privacyKey = privacyKey;
  }

  /** {@code messages} with their links in place; the same list when no template has a link. */
  public List<OutgoingMessage> resolve(CompiledCampaign campaign, List<OutgoingMessage> messages) {
    Map<String, CampaignVariant> variants = new HashMap<>();
    campaign.variants().forEach(v -> variants.put(v.name(), v));
    if (variants.values().stream().allMatch(v -> v.template().links().isEmpty())) {
      return messages;
    }
    LinkShape shape = links.get().orElseThrow(() -> new IllegalStateException("no links service"));
    List<LinkRequest> requests = new ArrayList<>();
    for (OutgoingMessage message : messages) {
      // Contacts records each marketing message (RecordMarketingSends) and names it when it
      // erases or exports the number, so only the links of other messages are filed under the
      // contact: a marketing page's links are one write in the links service.
      String contactKey =
          campaign.marketing() ? "" : PersonalData.contactKey(message.destination(), privacyKey);
      for (String target : variants.get(message.variant()).template().links()) {
        requests.add(
            LinkRequest.newBuilder()
                .setCampaignId(campaign.id())
                .setVariant(message.variant())
                .setMessageId(message.messageId().toString())
                .setContactKey(contactKey)
                .setTargetUrl(target)
                .build());
      }
    }
    List<String> urls = links.create(requests);
    List<OutgoingMessage> resolved = new ArrayList<>(messages.size());
    int next = 0;
    for (OutgoingMessage message : messages) {
      int count = variants.get(message.variant()).template().links().size();
      resolved.add(
          message.withBody(replace(message.body(), shape, urls.subList(next, next + count))));
      next += count;
    }
    return resolved;
  }

  /** {@code body} with the stand-in of link i replaced by {@code urls[i]}, in order. */
  static String replace(String body, LinkShape shape, List<String> urls) {
    StringBuilder out = new StringBuilder(body);
    int from = 0;
    for (int i = 0; i < urls.size(); i++) {
      String standIn = shape.standIn(i);
      String url = urls.get(i);
      if (url.length() != standIn.length()) {
        // A links service restarted with another base URL: the parts counted would be wrong.
        throw new IllegalStateException(
            "the links service's links are no longer " + shape.length() + " characters long");
      }
      int at = out.indexOf(standIn, from);
      if (at < 0) {
        throw new IllegalStateException("link " + i + " is missing from a composed message");
      }
      out.replace(at, at + standIn.length(), url);
      from = at + url.length();
    }
    return out.toString();
  }
}
