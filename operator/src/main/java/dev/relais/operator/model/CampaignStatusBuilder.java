package dev.relais.operator.model;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.Condition;
import dev.relais.operator.services.CampaignProgress;
import dev.relais.sms.text.Ucs2Characters;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A Campaign's status from what the scheduler reports: phase, counts, progress, delivery rate and
 * the Ready, Completed and QuietHoursHold conditions `kubectl wait` and Argo CD read.
 */
public final class CampaignStatusBuilder {

  /** Condition true once every message of the campaign has its outcome. */
  public static final String COMPLETED = "Completed";

  /**
   * Condition true, for good, once the scheduler failed the campaign: {@code kubectl wait
   * --for=condition=Failed} ends then, as {@code --for=condition=Completed} ends on success.
   */
  public static final String FAILED = "Failed";

  /** Reason of the Failed=True condition. */
  public static final String FAILED_REASON = "CampaignFailed";

  /** Condition true while messages wait for the compliance policy's next sending window. */
  public static final String QUIET_HOURS_HOLD = "QuietHoursHold";

  /** Phases after which the scheduler does nothing more for the campaign. */
  public static final Set<String> TERMINAL = Set.of("Completed", "Failed");

  private CampaignStatusBuilder() {}

  /** The status reflecting {@code progress} for the campaign's current generation. */
  public static Campaign.Status fromProgress(
      Campaign campaign, CampaignProgress progress, Instant now) {
    Campaign.Status current = campaign.getStatus();
    Campaign.Status next = new Campaign.Status();
    next.observedGeneration = campaign.getMetadata().getGeneration();
    next.phase = progress.phase();
    next.traceId = progress.traceId().isEmpty() ? null : progress.traceId();
    next.audience = progress.audience();
    next.suppressed = new LinkedHashMap<>(progress.suppressed());
    next.queued = progress.queued();
    progress
        .delivery()
        .ifPresent(d -> {
          next.submitted = d.submitted();
          next.delivered = d.delivered();
          next.failed = d.failed();
          next.expired = d.expired();
          next.optedOut = d.optedOut();
          next.deliveryUnknown = d.deliveryUnknown();
          next.deliveryRate = d.submitted() == 0 ? null : percent(d.deliveryRate());
        });
    progress
        .cost()
        .ifPresent(c -> {
          next.cost = new Campaign.Cost();
          next.cost.amount = c.amount();
          next.cost.currency = c.currency();
          next.cost.pricedParts = c.pricedParts();
          next.cost.unpricedParts = c.unpricedParts();
        });
    progress.encoding().ifPresent(e -> next.encoding = encoding(e));
    if (progress.queuedUcs2().messages() > 0) {
      next.queuedUcs2 = progress.queuedUcs2().messages();
      next.queuedUcs2Parts = progress.queuedUcs2().parts();
    }
    progress
        .estimate()
        .ifPresent(e -> {
          next.estimate = new Campaign.Estimate();
          next.estimate.audience = e.audience();
          next.estimate.partsPerMessage = e.partsPerMessage();
          next.estimate.parts = e.parts();
          next.estimate.amount = e.amount().isEmpty() ? null : e.amount();
          next.estimate.currency = e.currency().isEmpty() ? null : e.currency();
          next.estimate.route = e.route().isEmpty() ? null : e.route();
        });
    next.kpis =
        kpis(
            progress.delivery(),
            progress.clicks(),
            progress
                .cost()
                .flatMap(c -> CampaignKpis.Money.parse(c.amount(), c.currency()))
                .stream()
                .toList());
    if (!progress.variants().isEmpty()) {
      next.variants = progress.variants().stream().map(CampaignStatusBuilder::variant).toList();
    }
    next.abTest = progress.abTest().map(CampaignStatusBuilder::abTest).orElse(null);
    next.progress = progress(progress);
    List<Condition> conditions = current == null ? null : current.conditions;
    boolean failed = FAILED.equals(progress.phase());
    // A failure quotes the campaign's refusal in the names of the Campaign's fields.
    String failure =
        failed
            ? SchedulerRefusal.of(
                    blankOr(progress.message(), "the scheduler failed the campaign"), campaign)
                .message()
            : null;
    conditions = Conditions.merge(conditions, ready(progress, failure), now);
    boolean completed = "Completed".equals(progress.phase());
    conditions =
        Conditions.merge(
            conditions,
            Conditions.of(
                COMPLETED,
                completed ? "True" : "False",
                completed ? "Completed" : progress.phase(),
                completed
                    ? "every message has its outcome"
                    : "the campaign is " + lower(progress.phase())),
            now);
    conditions =
        Conditions.merge(
            conditions,
            Conditions.of(
                FAILED,
                failed ? "True" : "False",
                failed ? FAILED_REASON : progress.phase(),
                failed ? failure : "the campaign is " + lower(progress.phase())),
            now);
    boolean held = "Held".equals(progress.phase()) || progress.heldForWindow() > 0;
    conditions =
        Conditions.merge(
            conditions,
            Conditions.of(
                QUIET_HOURS_HOLD,
                held ? "True" : "False",
                held ? "OutsideSendingWindow" : "InsideSendingWindow",
                held ? holdMessage(progress) : "no message waits for a sending window"),
            now);
    next.conditions = conditions;
    return next;
  }

  /**
   * A status that keeps the last counts and phase but says, through Ready=False, why the campaign
   * cannot go on (invalid spec, no platform, scheduler unreachable).
   */
  public static Campaign.Status blocked(Campaign campaign, Condition ready, Instant now) {
    Campaign.Status current = campaign.getStatus();
    Campaign.Status next = copyCounts(current);
    next.observedGeneration = campaign.getMetadata().getGeneration();
    if (next.phase == null) {
      next.phase = "Pending";
    }
    next.conditions = Conditions.merge(current == null ? null : current.conditions, ready, now);
    return next;
  }

  /** The A/B test's entry of the status. */
  static Campaign.AbTestStatus abTest(CampaignProgress.AbTest test) {
    Campaign.AbTestStatus out = new Campaign.AbTestStatus();
    out.stage = test.stage();
    out.sample = test.sample();
    out.decideAt = test.decideAt().map(Instant::toString).orElse(null);
    out.metric = test.metric();
    out.method = test.method();
    out.arms =
        test.arms().isEmpty()
            ? null
            : test.arms().stream()
                .map(a -> {
                  Campaign.AbTestArm arm = new Campaign.AbTestArm();
                  arm.variant = a.variant();
                  arm.successes = a.successes();
                  arm.trials = a.trials();
                  arm.rate = a.trials() == 0 ? null : percent((double) a.successes() / a.trials());
                  return arm;
                })
                .toList();
    if (test.decided()) {
      out.winner = test.winner();
      out.conclusive = test.conclusive();
      out.reason = blankOr(test.reason(), null);
      out.decidedAt = test.decidedAt().map(Instant::toString).orElse(null);
      out.pValue = probability(test.pValue());
      out.probabilityToBeatControl = probability(test.probabilityToBeatControl());
    }
    return out;
  }

  /** 0.012345 -> "0.0123": three significant digits, never in exponent notation. */
  static String probability(OptionalDouble value) {
    if (value.isEmpty() || !Double.isFinite(value.getAsDouble())) {
      // Not a figure anyone can read (e.g. no trials on either side): shown as unknown.
      return null;
    }
    if (value.getAsDouble() == 0) {
      return "0";
    }
    return new BigDecimal(value.getAsDouble())
        .round(new MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** One A/B variant's entry of the status. */
  static Campaign.VariantStatus variant(CampaignProgress.Variant variant) {
    Campaign.VariantStatus out = new Campaign.VariantStatus();
    out.name = variant.name();
    out.weight = variant.weight();
    variant.encoding().ifPresent(e -> out.encoding = encoding(e));
    out.queued = variant.queued();
    out.queuedParts = variant.queuedParts();
    variant
        .delivery()
        .ifPresent(d -> {
          out.submitted = d.submitted();
          out.delivered = d.delivered();
          out.failed = d.failed();
          out.expired = d.expired();
          out.optedOut = d.optedOut();
          out.deliveryRate = d.submitted() == 0 ? null : percent(d.deliveryRate());
        });
    out.cost = variant.cost().isEmpty() ? null : money(variant.cost());
    out.kpis = kpis(variant.delivery(), variant.clicks(), variant.cost());
    return out;
  }

  /**
   * The KPIs of a campaign or a variant ({@link CampaignKpis} holds their arithmetic); null while
   * neither delivery counts nor clicks are known.
   */
  static Campaign.Kpis kpis(
      Optional<CampaignProgress.Delivery> delivery,
      Optional<CampaignKpis.Clicks> clicks,
      List<CampaignKpis.Money> cost) {
    if (delivery.isEmpty() && clicks.isEmpty()) {
      return null;
    }
    CampaignKpis kpis =
        new CampaignKpis(
            delivery.map(CampaignProgress.Delivery::delivered).orElse(0L),
            delivery.map(CampaignProgress.Delivery::optedOut).orElse(0L),
            clicks,
            delivery.map(CampaignProgress.Delivery::conversions).orElse(0L),
            delivery.map(CampaignProgress.Delivery::revenue).orElse(List.of()),
            cost);
    Campaign.Kpis out = new Campaign.Kpis();
    clicks.ifPresent(c -> {
      out.clicks = c.clicks();
      out.uniqueClicks = c.uniqueClicks().isPresent() ? c.uniqueClicks().getAsLong() : null;
      out.botClicks = c.botClicks();
    });
    out.clickRate = percent(kpis.clickRate());
    if (delivery.isPresent()) {
      out.optOutRate = percent(kpis.optOutRate());
      out.conversions = kpis.conversions();
      out.conversionRate = percent(kpis.conversionRate());
      out.revenue = kpis.revenue().isEmpty() ? null : money(kpis.revenue());
      out.revenuePerMessage =
          kpis.revenuePerMessage().isEmpty() ? null : money(kpis.revenuePerMessage());
      out.roi = kpis.roi().map(r -> percent(r.doubleValue())).orElse(null);
    }
    return out;
  }

  private static List<Campaign.Money> money(List<CampaignKpis.Money> amounts) {
    return amounts.stream()
        .map(m -> {
          Campaign.Money out = new Campaign.Money();
          out.amount = m.amountText();
          out.currency = m.currency();
          return out;
        })
        .toList();
  }

  private static String percent(OptionalDouble ratio) {
    return ratio.isPresent() ? percent(ratio.getAsDouble()) : null;
  }

  /** The encoding preview as the status shows it, with what a writer can do about UCS-2. */
  static Campaign.Encoding encoding(CampaignProgress.Encoding preview) {
    Campaign.Encoding out = new Campaign.Encoding();
    out.encoding = preview.encoding();
    out.parts = preview.parts();
    out.ucs2Characters =
        preview.ucs2Characters().stream().map(Ucs2Characters.Occurrence::describe).toList();
    if (preview.ucs2Characters().isEmpty()) {
      return out;
    }
    List<String> without =
        preview.ucs2Characters().stream()
            .filter(c -> !c.transliterable())
            .map(Ucs2Characters.Occurrence::character)
            .toList();
    if (preview.transliterate() || !without.isEmpty()) {
      out.advice =
          String.join(" ", without)
              + (without.size() == 1 ? " has" : " have")
              + " no GSM-7 look-alike: the message stays UCS-2"
              + (preview.transliterate() ? "" : " even with spec.transliterate")
              + "; remove "
              + (without.size() == 1 ? "it" : "them")
              + " to send GSM-7";
    } else {
      out.advice =
          "set spec.transliterate: true to send it in GSM-7: "
              + preview.partsTransliterated()
              + (preview.partsTransliterated() == 1 ? " part" : " parts")
              + " instead of "
              + preview.parts();
    }
    return out;
  }

  private static String holdMessage(CampaignProgress progress) {
    if ("Held".equals(progress.phase()) && !blankOr(progress.message(), "").isEmpty()) {
      return progress.message();
    }
    return progress.heldForWindow() > 0
        ? progress.heldForWindow() + " messages wait for the next allowed sending window"
        : "messages wait for the next allowed sending window";
  }

  /** Ready from the phase; {@code failure} is the reason shown when it is Failed. */
  static Condition ready(CampaignProgress progress, String failure) {
    return switch (progress.phase()) {
      case "Failed" -> Conditions.notReady("Failed", failure);
      case "Paused" -> Conditions.ready("Paused", "suspended: nothing new is sent until resumed");
      default ->
          Conditions.ready(
              progress.phase(),
              blankOr(
                  progress.message(),
                  "the scheduler holds the campaign; it is " + lower(progress.phase())));
    };
  }

  /**
   * Share of the audience whose outcome is known: left out, or queued and then submitted or
   * expired. Below 100% until the scheduler reports Completed, since the audience is counted as it
   * is read.
   */
  static String progress(CampaignProgress progress) {
    if ("Completed".equals(progress.phase())) {
      return "100%";
    }
    if (progress.audience() <= 0) {
      return "0%";
    }
    long suppressed = progress.resolved() - progress.queued();
    long dispatched =
        progress
            .delivery()
            .map(d -> Math.min(progress.queued(), d.submitted() + d.expired()))
            .orElse(0L);
    double share = (double) (suppressed + dispatched) / progress.audience();
    return percent(Math.min(0.99, share));
  }

  /** 0.975 -> "97.5%", 1 -> "100%". */
  static String percent(double ratio) {
    return CampaignKpis.percent(ratio);
  }

  private static Campaign.Status copyCounts(Campaign.Status current) {
    Campaign.Status next = new Campaign.Status();
    if (current == null) {
      return next;
    }
    next.phase = current.phase;
    next.traceId = current.traceId;
    next.progress = current.progress;
    next.deliveryRate = current.deliveryRate;
    next.audience = current.audience;
    next.suppressed = new LinkedHashMap<>(current.suppressed);
    next.queued = current.queued;
    next.submitted = current.submitted;
    next.delivered = current.delivered;
    next.failed = current.failed;
    next.expired = current.expired;
    next.optedOut = current.optedOut;
    next.deliveryUnknown = current.deliveryUnknown;
    next.cost = current.cost;
    next.encoding = current.encoding;
    next.queuedUcs2 = current.queuedUcs2;
    next.queuedUcs2Parts = current.queuedUcs2Parts;
    next.estimate = current.estimate;
    next.kpis = current.kpis;
    next.variants = current.variants;
    next.abTest = current.abTest;
    return next;
  }

  private static String lower(String phase) {
    return phase.toLowerCase(Locale.ROOT);
  }

  private static String blankOr(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
