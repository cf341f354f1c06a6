package dev.relais.operator.reconciler;

import dev.relais.operator.services.CampaignProgress;
import dev.relais.operator.services.SchedulerGateway;
import dev.relais.operator.services.ServiceCallException;
import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scheduler that keeps what it is told and reports the progress a test scripts; it can be made
 * unreachable or to refuse campaigns.
 */
final class FakeScheduler implements SchedulerGateway {

  /** What the scheduler holds for one campaign. */
  record Held(String address, Campaign campaign) {}

  final Map<String, Held> campaigns = new ConcurrentHashMap<>();
  final List<Campaign> upserts = new CopyOnWriteArrayList<>();
  final Map<String, Route> routes = new ConcurrentHashMap<>();

  /** What analytics was told of a campaign's attribution windows. */
  record Attribution(String address, SetCampaignAttributionRequest request) {}

  final Map<String, Attribution> attributions = new ConcurrentHashMap<>();

  /** When set, analytics refuses attribution windows with this message. */
  volatile String attributionRefusal;

  final Map<String, CampaignProgress> scripted = new ConcurrentHashMap<>();

  /** Routes the scheduler refuses to declare, by name. */
  final java.util.Set<String> refusedRoutes = ConcurrentHashMap.newKeySet();

  volatile boolean unreachable;

  /** When set, the scheduler refuses campaigns with this description (as its validator says). */
  volatile String refusal;

  @Override
  public CampaignProgress upsertCampaign(String scheduler, Campaign campaign) {
    check();
    if (refusal != null) {
      throw new ServiceCallException(
          "the scheduler at "
              + scheduler
              + " refused campaign "
              + campaign.getId()
              + ": "
              + "INVALID_ARGUMENT",
          refusal,
          true,
          null);
    }
    Held previous = campaigns.get(campaign.getId());
    if (previous == null || previous.campaign().getGeneration() < campaign.getGeneration()) {
      campaigns.put(campaign.getId(), new Held(scheduler, campaign));
    }
    upserts.add(campaign);
    return progressOf(campaign.getId());
  }

  @Override
  public Optional<CampaignProgress> campaign(
      String scheduler, Optional<String> analytics, String campaignId) {
    check();
    return campaigns.containsKey(campaignId)
        ? Optional.of(progressOf(campaignId))
        : Optional.empty();
  }

  @Override
  public void setAttribution(String analytics, SetCampaignAttributionRequest request) {
    check();
    if (attributionRefusal != null) {
      throw new ServiceCallException(attributionRefusal, true, null);
    }
    attributions.put(request.getCampaignId(), new Attribution(analytics, request));
  }

  @Override
  public void upsertRoute(String scheduler, Route route) {
    check();
    if (refusedRoutes.contains(route.getName())) {
      throw new ServiceCallException("route " + route.getName() + " refused", true, null);
    }
    routes.put(route.getName(), route);
  }

  /** Sets what GetCampaign reports (its generation is the one held). */
  void report(
      String id, String phase, long audience, long queued, CampaignProgress.Delivery delivery) {
    CampaignProgress.Builder script =
        CampaignProgress.builder()
            .phase(phase)
            .audience(audience)
            .suppressed(Map.of("no-consent", 2L))
            .queued(queued)
            .expansionComplete(true);
    if (delivery != null) {
      script.delivery(delivery);
    }
    scripted.put(id, script.build());
  }

  private CampaignProgress progressOf(String id) {
    Campaign held = campaigns.get(id).campaign();
    CampaignProgress script = scripted.get(id);
    String phase = held.getSuspended() ? "Paused" : script == null ? "Scheduled" : script.phase();
    if (script == null) {
      return CampaignProgress.builder()
          .observedGeneration(held.getGeneration())
          .phase(phase)
          .build();
    }
    return script.toBuilder()
        .observedGeneration(held.getGeneration())
        .phase("Completed".equals(script.phase()) ? "Completed" : phase)
        .build();
  }

  private void check() {
    if (unreachable) {
      throw new ServiceCallException("scheduler unreachable: UNAVAILABLE", false, null);
    }
  }
}
