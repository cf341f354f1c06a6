package dev.relais.links;

import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.sms.link.LinkTargets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a CreateLinks request acceptable; the first problem found, in request order. */
public final class LinkRequestValidator {

  /** Links of one CreateLinks call. */
  public static final int MAX_LINKS = 1000;

  /** Longest campaign id, message id, variant or contact key. */
  public static final int MAX_ID_LENGTH = 256;

  /** An E.164 number: links keep the contact's id or keyed hash, never the number itself. */
  private static final Pattern PHONE = Pattern.compile("^\\+[0-9 ]{6,}$");

  private LinkRequestValidator() {}

  public static Optional<String> problem(List<LinkRequest> links) {
    if (links.isEmpty()) {
      return Optional.of("no links to create");
    }
    if (links.size() > MAX_LINKS) {
      return Optional.of(links.size() + " links in one call; at most " + MAX_LINKS);
    }
    // A page's links lead to the few targets of its templates: each is checked once.
    Set<String> goodTargets = new HashSet<>();
    for (int i = 0; i < links.size(); i++) {
      LinkRequest link = links.get(i);
      Optional<String> problem = idProblem(link);
      if (problem.isEmpty() && !goodTargets.contains(link.getTargetUrl())) {
        problem = targetProblem(link.getTargetUrl());
        if (problem.isEmpty()) {
          goodTargets.add(link.getTargetUrl());
        }
      }
      if (problem.isPresent()) {
        return Optional.of("link " + i + ": " + problem.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> idProblem(LinkRequest link) {
    if (link.getCampaignId().isBlank()) {
      return Optional.of("campaign_id is missing");
    }
    if (link.getMessageId().isBlank()) {
      return Optional.of("message_id is missing");
    }
    for (String id :
        List.of(
            link.getCampaignId(), link.getMessageId(), link.getVariant(), link.getContactKey())) {
      if (id.length() > MAX_ID_LENGTH) {
        return Optional.of("an id is longer than " + MAX_ID_LENGTH + " characters");
      }
    }
    if (PHONE.matcher(link.getContactKey()).matches()) {
      return Optional.of(
          "contact_key is a phone number: give the contact's id or contacts' keyed hash");
    }
    return Optional.empty();
  }

  /** Why {@code url} cannot be a link's target, if it cannot ({@link LinkTargets}). */
  public static Optional<String> targetProblem(String url) {
    return LinkTargets.problem(url).map(problem -> "target_url " + problem);
  }
}
